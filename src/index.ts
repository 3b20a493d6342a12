/**
 * Capstan: one typed surface over infrastructure backends. Start with
 * {@link createCapstan}; plugins extend {@link BasePlugin}.
 *
 * @module capstan
 */
export { Capstan, createCapstan, type CapstanHealth, type ReadOptions } from './capstan.js'
export * from './host/index.js'
export * from './capabilities/index.js'
export * from './errors/index.js'
export * from './plugin/index.js'
export * from './rbac/index.js'
export type { InvokeOptions } from './registry/invoke-options.js'
export { InventoryCache } from './inventory/inventory-cache.js'
export { FactsCache } from './facts/facts-cache.js'
export { TtlCache, type TtlCacheOptions, type TtlCacheGetOptions, type TtlCacheStats, type Loader } from './cache/ttl-cache.js'
export { linkNodes } from './inventory/link-nodes.js'
export { mergeGroups, type SourceGroupRecord } from './inventory/merge-groups.js'
export { matchesFilter, nodeMatcher } from './inventory/match-node.js'
export { resolveTargets, nameIndex, type ResolvedTargets, type NameIndex } from './inventory/resolve-targets.js'
export { getPath } from './inventory/get-path.js'
export { stripSecrets } from './inventory/strip-secrets.js'
export type { SourceRecord } from './inventory/source-record.js'
export * from './logging/index.js'
export * from './metrics/index.js'
export * from './execution/index.js'
export * from './local/index.js'
