export * from './local-plugin.js'
export * from './local-plugin-options.js'
