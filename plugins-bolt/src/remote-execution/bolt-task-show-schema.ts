import { z } from 'zod'

/**
 * What `bolt task show --format json` prints: `tasks` as `[name, description]`
 * pairs (description null when the task has none), and the `modulepath`
 * searched. Private tasks are not listed by Bolt.
 */
export const BoltTaskList = z.looseObject({
  tasks: z.array(z.tuple([z.string().min(1), z.string().nullish()], z.unknown())),
})
/** What `bolt task show --format json` prints. */
export type BoltTaskList = z.infer<typeof BoltTaskList>

/** One parameter in a task's metadata: all optional, as Bolt's metadata schema has it. */
export const BoltTaskParameter = z.looseObject({
  type: z.string().min(1).optional(),
  description: z.string().optional(),
  default: z.unknown().optional(),
  sensitive: z.boolean().optional(),
})
/** One parameter in a task's metadata. */
export type BoltTaskParameter = z.infer<typeof BoltTaskParameter>

/**
 * What `bolt task show <task> --format json` prints: the task's name, its
 * `metadata` (the task's .json file: description, parameters, input method,
 * implementations), its files and module directory. A task without a
 * metadata file has `metadata: {}`.
 */
export const BoltTaskShow = z.looseObject({
  name: z.string().min(1),
  metadata: z
    .looseObject({
      description: z.string().nullish(),
      parameters: z.record(z.string(), BoltTaskParameter).nullish(),
    })
    .nullish(),
})
/** What `bolt task show <task> --format json` prints. */
export type BoltTaskShow = z.infer<typeof BoltTaskShow>
