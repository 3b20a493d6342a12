/**
 * `@capstan/plugin-bolt`: Puppet Bolt for Capstan.
 *
 * @packageDocumentation
 */
export { BoltPlugin, boltPlugin } from './bolt-plugin.js'
export { BoltPluginOptions, type ResolvedBoltOptions } from './bolt-plugin-options.js'
