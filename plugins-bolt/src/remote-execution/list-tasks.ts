import { isCapstanError, type Logger, type TaskInfo } from 'capstan'
import { compareTaskNames } from './compare-task-names.js'
import { mapTaskList } from './map-task-list.js'
import { mapTaskShow } from './map-task-show.js'
import { mapWithConcurrency } from './map-with-concurrency.js'

/** Runs Bolt with `argv` (the plugin adds `--project` and the rest) and returns its parsed JSON stdout. */
export type RunBoltJson = (argv: string[]) => Promise<unknown>

/** Options of {@link listTasks}. */
export interface ListTasksOptions {
  /** How many `bolt task show <task>` run at once (default 4): each is a Ruby process loading Puppet. */
  concurrency?: number
  /** Where a task whose details could not be read is reported (at warn). */
  logger?: Logger
  /** Stops starting further `bolt task show` calls; the list then rejects with the abort reason. */
  signal?: AbortSignal
}

/** Default number of `bolt task show <task>` calls at once. */
export const DEFAULT_TASK_SHOW_CONCURRENCY = 4

/**
 * Every task Bolt can run, with its parameters: `bolt task show` once for the
 * list, then `bolt task show <task>` per task, a few at a time. Sorted by name.
 *
 * A task whose details cannot be read (Bolt fails on its metadata, the output
 * is unexpected) is still listed, with its name, the list's description and
 * no parameters, and the reason is logged: a task never disappears silently.
 * Only a cancellation (an abort, or a CANCELLED error) stops the listing.
 *
 * @throws whatever `runJson` throws for the list itself, and CapstanError
 *   PLUGIN_ERROR when the list is not what Bolt 3.x prints.
 */
export async function listTasks(runJson: RunBoltJson, options: ListTasksOptions = {}): Promise<TaskInfo[]> {
  const { logger, signal } = options
  const summaries = mapTaskList(await runJson(['task', 'show', '--format', 'json']))
  const concurrency = options.concurrency ?? DEFAULT_TASK_SHOW_CONCURRENCY
  const tasks = await mapWithConcurrency(
    summaries,
    concurrency,
    async (summary): Promise<TaskInfo> => {
      try {
        const shown = mapTaskShow(await runJson(['task', 'show', summary.name, '--format', 'json']), summary.name)
        const description = shown.description ?? summary.description
        return { name: summary.name, ...(description === undefined ? {} : { description }), parameters: shown.parameters }
      } catch (error) {
        if (signal?.aborted || isCancellation(error)) throw error
        logger?.warn(
          { task: summary.name, err: describeError(error) },
          `bolt task show ${summary.name} failed; listing the task without parameters`,
        )
        return { ...summary, parameters: {} }
      }
    },
    signal,
  )
  return tasks.sort((a, b) => compareTaskNames(a.name, b.name))
}

function isCancellation(error: unknown): boolean {
  return isCapstanError(error, 'CANCELLED') || (error instanceof Error && error.name === 'AbortError')
}

function describeError(error: unknown): Record<string, unknown> {
  if (isCapstanError(error)) return { code: error.code, message: error.message }
  if (error instanceof Error) return { name: error.name, message: error.message }
  return { message: String(error) }
}
