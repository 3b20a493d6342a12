import { z } from 'zod'

/** Options of {@link boltPlugin}, checked when the plugin is created. */
export const BoltPluginOptions = z
  .object({
    /** The Bolt project directory (holds bolt-project.yaml, inventory.yaml, modules/). */
    projectDir: z.string().min(1).describe('Bolt project directory'),
    /** The bolt executable: a name on PATH or a path (default `bolt`). */
    boltPath: z.string().min(1).default('bolt').describe('bolt executable'),
    /** An inventory file other than the project's inventory.yaml. */
    inventoryFile: z.string().min(1).optional().describe('Inventory file (default: the project\'s)'),
    /** Bolt's own --concurrency inside one bolt process. */
    concurrency: z.number().int().positive().optional().describe('Bolt --concurrency within one process'),
    /** Environment for the bolt process itself (not for commands on the targets). */
    env: z.record(z.string(), z.string()).default({}).describe('Environment of the bolt process'),
    /** Time limit of Bolt calls that are not executions (inventory, facts, task show, version), in ms. */
    timeoutMs: z.number().int().positive().default(120_000).describe('Time limit of non-execution Bolt calls, in ms'),
    /** Targets per bolt process for executions (default 50). */
    batchSize: z.number().int().positive().default(50).describe('Targets per bolt process'),
    /** Grace between SIGTERM and SIGKILL when a bolt process is stopped (default: the host's killGraceMs). */
    killGraceMs: z.number().int().nonnegative().optional().describe('Grace between SIGTERM and SIGKILL, in ms'),
    /** Plugin name (default `bolt`). */
    name: z.string().regex(/^[a-z][a-z0-9-]*$/).default('bolt').describe('Plugin name'),
  })
  .strict()

/** Options of {@link boltPlugin}, as a caller writes them. */
export type BoltPluginOptions = z.input<typeof BoltPluginOptions>
/** Options after defaults. */
export type ResolvedBoltOptions = z.output<typeof BoltPluginOptions>
