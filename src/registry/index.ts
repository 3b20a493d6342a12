export * from './capability-registry.js'
export * from './invoke-options.js'
export type { ProviderEntry } from './provider-entry.js'
