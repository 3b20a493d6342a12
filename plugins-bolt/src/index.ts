/**
 * `@capstan/plugin-bolt`: Puppet Bolt for Capstan.
 *
 * @module \@capstan/plugin-bolt
 */
export { BoltPlugin, boltPlugin } from './bolt-plugin.js'
export { BoltPluginOptions, type ResolvedBoltOptions } from './bolt-plugin-options.js'
