/**
 * `@capstan/plugin-puppetdb`: PuppetDB for Capstan.
 *
 * @module \@capstan/plugin-puppetdb
 */
export { PuppetDbPlugin, puppetdbPlugin } from './puppetdb-plugin.js'
export { PuppetDbPluginOptions, DEFAULT_INVENTORY_FACTS, type ResolvedPuppetDbOptions } from './puppetdb-plugin-options.js'
export * from './query/index.js'
