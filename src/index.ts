/**
 * Capstan: one typed surface over infrastructure backends. Start with
 * {@link createCapstan}; plugins extend {@link BasePlugin}.
 *
 * This entry is what an application needs: the host, the models and
 * capability descriptors, errors, RBAC policies, the built-in local plugin,
 * and the plugin base class. Helpers for writing a plugin (processes,
 * retries, caches, linking, fact builders) are in `capstan/plugin-kit`, and
 * test hosts in `capstan/testing`.
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
export type { ExecuteOptions } from './registry/execute-options.js'
export type { ScriptOptions } from './scripts/index.js'
export * from './logging/index.js'
export * from './metrics/index.js'
export * from './execution/index.js'
export * from './local/index.js'
export * from './journal/index.js'
