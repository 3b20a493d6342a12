export * from './local-plugin.js'
export * from './local-plugin-options.js'
export { parseBoltInventory, type ParsedInventory } from './parse-bolt-inventory.js'
export { gatherLocalFacts, type GatherLocalFactsOptions } from './gather-local-facts.js'
