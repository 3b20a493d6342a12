import { parseBoltOutput } from '../bolt-cli/parse-bolt-output.js'
import { BoltTaskList } from './bolt-task-show-schema.js'

/** The command whose output {@link mapTaskList} reads, as named in errors. */
export const TASK_LIST_COMMAND = 'bolt task show --format json'

/** A task as `bolt task show` lists it, before its parameters are known. */
export interface TaskSummary {
  /** Task name as `bolt task run` takes it (`module::task`, or `module` for its init task). */
  name: string
  /** What the task does, when its metadata says. */
  description?: string
}

/**
 * Maps what `bolt task show --format json` prints onto the task names and
 * descriptions, in Bolt's order (sorted by name).
 *
 * @throws CapstanError PLUGIN_ERROR naming the command and the field when the
 *   output is not what Bolt 3.x prints, or with Bolt's message when Bolt failed.
 */
export function mapTaskList(json: unknown): TaskSummary[] {
  return parseBoltOutput(BoltTaskList, json, TASK_LIST_COMMAND).tasks.map(([name, description]) =>
    typeof description === 'string' && description !== '' ? { name, description } : { name },
  )
}
