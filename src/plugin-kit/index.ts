/**
 * `capstan/plugin-kit`: building blocks for writing a plugin. Errors for
 * configuration and input, retries and a circuit breaker, a TTL cache,
 * child processes that stream and can be cancelled, the inventory's linking,
 * grouping and filtering, and builders of the standard facts.
 *
 * An application needs none of this: it imports `capstan`. A plugin imports
 * {@link capstan!BasePlugin | BasePlugin}, the models and {@link capstan!CapstanError | CapstanError}
 * from `capstan`, and what it would otherwise write itself from here.
 *
 * @module capstan/plugin-kit
 */

// Errors a plugin raises about its options and its callers' input.
export { configError } from '../errors/config-error.js'
export { validationError, formatPath, fieldIssues } from '../errors/validation-error.js'
export { closestMatch } from '../errors/closest-match.js'
export { nameString } from '../capabilities/models/name-string.js'
export { freeText } from '../capabilities/models/free-text.js'
export { boundedList, boundedRecord } from '../capabilities/models/bounded-record.js'
export { jsonParams } from '../capabilities/models/json-params.js'
export { durationMs } from '../capabilities/models/duration-ms.js'
export { permissionDenied } from '../rbac/permission-denied.js'
export { thrownMessage } from '../errors/thrown-message.js'

// Waiting, retrying and not hammering a backend that is down.
export { abortableSleep } from '../errors/abortable-sleep.js'
export { retry, RetryTiming, type RetryOptions } from '../errors/retry.js'
export { readRetryable } from '../errors/read-retryable.js'
export { failureSignature } from '../errors/failure-signature.js'
export {
  CircuitBreaker,
  CircuitBreakerSettings,
  type CircuitBreakerOptions,
  type CircuitBreakerStats,
  type CircuitState,
  type CircuitStateChange,
} from '../errors/circuit-breaker.js'
export { TtlCache, type TtlCacheOptions, type TtlCacheGetOptions, type TtlCacheStats, type Loader } from '../cache/ttl-cache.js'
export { InventoryCache } from '../inventory/inventory-cache.js'
export { FactsCache } from '../facts/facts-cache.js'

// Child processes: argv arrays, streamed output, cancellation, process groups.
export * from '../execution/process/index.js'
// How a node that was stopped ends, for plugins that run work themselves.
export { abortOutcome } from '../execution/abort-outcome.js'

// The inventory's building blocks, for plugins that list or resolve nodes.
export { aggregated } from '../capabilities/models/source-outcome.js'
export { linkNodes } from '../inventory/link-nodes.js'
export { mergeGroups, type SourceGroupRecord } from '../inventory/merge-groups.js'
export { matchesFilter, nodeMatcher } from '../inventory/match-node.js'
export { resolveTargets, nameIndex, type ResolvedTargets, type NameIndex, type ResolveOptions } from '../inventory/resolve-targets.js'
export { getPath } from '../inventory/get-path.js'
export { stripSecrets } from '../inventory/strip-secrets.js'
export type { SourceRecord } from '../inventory/source-record.js'

// The standard facts, built from what a machine reports (locally or over SSH).
export { parseBoltInventory, type ParsedInventory } from '../local/parse-bolt-inventory.js'
export { schemeTransport, targetTransport } from '../local/target-transport.js'
export { gatherLocalFacts, type GatherLocalFactsOptions } from '../local/gather-local-facts.js'
export { osFacts, type OsFactsInput } from '../local/os-facts.js'
export { parseOsRelease } from '../local/parse-os-release.js'
export { networkingFacts, type HostNames } from '../local/networking-facts.js'
export { formatBytes } from '../local/format-bytes.js'
export { systemMemoryFacts } from '../local/system-memory-facts.js'
export { formatIpv6Groups } from '../local/ip-network.js'
export { defaultRouteInterface } from '../local/default-route-interface.js'

// Tasks: Puppet's rule for which parameters may be left out.
export { puppetTypeAcceptsUndef } from '../local/tasks/puppet-type-accepts-undef.js'

// Packaging: a plugin.json and the core range a plugin was built for.
export { assertCoreRange, type AssertCoreRangeOptions } from '../plugin/core-version.js'
export { parseManifest } from '../plugin/plugin-manifest.js'

// Journal stores: the filter every store applies, and the opaque cursors.
export { matchesJournalQuery, type JournalFilter } from '../journal/matches-journal-query.js'
export { encodeCursor, decodeCursor, type CursorPosition } from '../journal/journal-cursor.js'
