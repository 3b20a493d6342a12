import { z } from 'zod'

/** Names a plugin: lowercase letters, digits and dashes, so it can key routes, metrics and CLI flags. */
export const PluginName = z
  .string()
  .regex(/^[a-z][a-z0-9-]*$/, 'lowercase letters, digits and dashes, starting with a letter')

/**
 * A capability type a plugin integrates: one of the core's (`inventory`,
 * `facts`, `remote-execution`, ...) or one a plugin contributes (`catalog`).
 */
export const IntegrationType = z.string().regex(/^[a-z][a-z0-9-]*$/, 'a capability type: lowercase letters, digits and dashes, starting with a letter')

/** Who a plugin is and what it integrates. */
export const PluginMetadata = z.object({
  name: PluginName,
  version: z.string().min(1),
  description: z.string().optional(),
  /** The capability types it integrates; {@link capstan!pluginMetadata | pluginMetadata} derives them from plugin.json's capabilities. */
  integrationTypes: z.array(IntegrationType).min(1),
  /** Semver range of the core this plugin supports, e.g. `^0.1.0`. */
  coreRange: z.string().optional(),
  /**
   * Transports this plugin can execute on (`ssh`, `winrm`, `local`, ...);
   * omitted means any. Targeted routing uses it to pick a runner for a node.
   */
  transports: z.array(z.string().min(1)).optional(),
  /**
   * Nodes per call of an execution capability. 1 (the default) runs each
   * node in its own call; a plugin that runs many nodes in one process
   * (Bolt) declares how many it takes at once.
   */
  batchSize: z.number().int().positive().optional(),
})
/** Who a plugin is and what it integrates. */
export type PluginMetadata = z.infer<typeof PluginMetadata>
