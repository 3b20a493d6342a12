import { z } from 'zod'

/** One parameter as a task's metadata file declares it. */
export const TaskParameterMetadata = z.looseObject({
  type: z.string().min(1).optional().describe('Puppet data type, e.g. String[1] or Optional[Enum[start, stop]]; Any when left out'),
  description: z.string().optional(),
  default: z.unknown().optional().describe('Used when the caller gives no value'),
  sensitive: z.boolean().optional().describe('Never logged or echoed in error messages'),
})
/** One parameter as a task's metadata file declares it. */
export type TaskParameterMetadata = z.infer<typeof TaskParameterMetadata>

/**
 * A Bolt task metadata file (`<task>.json`). Loose, because Bolt metadata
 * carries fields Capstan does not use (`files`, `implementations`,
 * `private`, `puppet_task_version`); they are kept, not rejected, so the same
 * task runs under both.
 */
export const TaskMetadata = z.looseObject({
  description: z.string().optional(),
  parameters: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/, 'parameter names are lower case: a-z, 0-9 and _'), TaskParameterMetadata).optional(),
  input_method: z.enum(['both', 'environment', 'stdin']).optional().describe('How parameters reach the task (default both)'),
  supports_noop: z.boolean().optional(),
})
/** A Bolt task metadata file. */
export type TaskMetadata = z.infer<typeof TaskMetadata>
