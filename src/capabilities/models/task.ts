import { z } from 'zod'

/** One parameter a task accepts, as its metadata declares it. */
export const TaskParameter = z.object({
  type: z.string().optional().describe('Puppet type string, e.g. String[1], Optional[Integer], Enum[start, stop]'),
  description: z.string().optional().describe('What the parameter does'),
  default: z.unknown().optional().describe('Value used when the parameter is not given'),
  required: z.boolean().describe('Whether the caller must give it'),
})
/** One parameter a task accepts. */
export type TaskParameter = z.infer<typeof TaskParameter>

/** A task a remote-execution plugin can run (for `task.list`). */
export const TaskInfo = z.object({
  name: z.string().min(1).describe('Task name as passed to task.execute (module::task)'),
  description: z.string().optional().describe('What the task does'),
  parameters: z.record(z.string(), TaskParameter).describe('Parameters by name'),
  source: z.string().optional().describe('Plugin that provides the task; set by the host when lists are merged'),
})
/** A task a remote-execution plugin can run. */
export type TaskInfo = z.infer<typeof TaskInfo>
