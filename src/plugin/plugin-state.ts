/**
 * Lifecycle of a plugin: `created` → `initializing` → `ready` | `failed` → `disposed`.
 * Only `ready` plugins have their capabilities routed.
 */
export type PluginState = 'created' | 'initializing' | 'ready' | 'failed' | 'disposed'
