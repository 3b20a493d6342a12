import { z } from 'zod'

/** Options of {@link localPlugin}. */
export const LocalPluginOptions = z
  .object({
    /** A Bolt inventory v2 YAML file; without one, the inventory is just `localhost`. */
    inventoryFile: z.string().min(1).optional().describe('Path to a Bolt inventory (version 2) YAML file'),
    /** Include the implicit `localhost` node (default true). */
    localhost: z.boolean().default(true).describe('Include the implicit localhost node'),
    /** Where to read the OS release from (default /etc/os-release). */
    osReleasePath: z.string().min(1).optional().describe('os-release file to read OS facts from'),
    /** A directory of Bolt-style tasks (`<name>.json` beside its executable) for task.execute and task.list. */
    tasksDir: z.string().min(1).optional().describe('Directory of Bolt-style tasks'),
    /** Milliseconds between SIGTERM and SIGKILL when a run is cancelled or times out (default: the host's `killGraceMs`). */
    killGraceMs: z.number().int().nonnegative().optional().describe('Grace between SIGTERM and SIGKILL, in ms'),
    /**
     * Run uri targets (`local://name`) on this machine (default false). A
     * principal allowed an execution on every node could otherwise run
     * anything here with `local://x`, even when no node of the inventory is
     * this machine; turn it on where that is meant (a CLI on a workstation).
     */
    adHocTargets: z.boolean().optional().describe('Run local://name uri targets on this machine (default false)'),
    /** Plugin name, for wiring two local inventories side by side (default `local`). */
    name: z.string().regex(/^[a-z][a-z0-9-]*$/).default('local').describe('Plugin name'),
  })
  .strict()

/** Options of {@link localPlugin}, as a caller writes them. */
export type LocalPluginOptions = z.input<typeof LocalPluginOptions>
