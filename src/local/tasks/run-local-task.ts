import type { DescriptorOf } from '../../capabilities/catalog.js'
import type { ExecutionBatch } from '../../capabilities/handler.js'
import type { NodeEvent } from '../../capabilities/models/node-event.js'
import type { ProviderContext } from '../../capabilities/provider-context.js'
import { argvForFile } from '../execution/argv-for-file.js'
import type { LocalExecutionOptions } from '../execution/local-execution-options.js'
import { runNodeProcess } from '../execution/run-node-process.js'
import { runOnLocalNodes } from '../execution/run-on-local-nodes.js'
import { resolveTask } from './resolve-task.js'
import { taskEnvironment } from './task-environment.js'
import { taskFinishedEvent } from './task-finished-event.js'
import { validateTaskParams } from './validate-task-params.js'
import { processStopOptions } from '../execution/process-stop-options.js'

/** What `task.execute` hands the local plugin. */
export type TaskBatch = ExecutionBatch<DescriptorOf<'task.execute'>>

/** Options of {@link runLocalTask}. */
export interface LocalTaskOptions extends LocalExecutionOptions {
  /** The directory holding the tasks (flat `<name>.json` + `<name>.*`, or `<module>/tasks/...`). */
  tasksDir: string
}

/** Stdout kept to parse a task's value from; the engine stores the streamed output separately. */
export const TASK_OUTPUT_CAPTURE_BYTES = 1024 * 1024

/**
 * The local plugin's `task.execute`: runs a Bolt-style task on localhost with
 * Bolt's contract, so the same task runs under both. The task is found and
 * its parameters checked before anything is yielded, so an unknown task
 * (NOT_FOUND) or bad parameters (VALIDATION_ERROR) fail the caller's call
 * before anything runs. Parameters, with `_task` and `_installdir`, reach the
 * task as JSON on stdin and as `PT_<name>` variables (per the metadata's
 * `input_method`, default both); stdout and stderr stream as `node:output`,
 * and stdout that is a JSON object becomes the node's `value`.
 *
 * @throws CapstanError NOT_FOUND, VALIDATION_ERROR or CONFIG_ERROR (bad
 *   metadata) from the first `next()`, before any event.
 */
export async function* runLocalTask(batch: TaskBatch, ctx: ProviderContext, options: LocalTaskOptions): AsyncGenerator<NodeEvent, void, undefined> {
  const task = await resolveTask(options.tasksDir, batch.task)
  const { params, notes } = validateTaskParams(task.metadata, batch.params, task.name)
  for (const note of notes) ctx.logger.warn({ task: task.name }, note)
  const input = { ...params, _task: task.name, _installdir: task.installDir }
  const method = task.metadata.input_method ?? 'both'
  // The caller's env first: PT_ variables are the task's contract and must not be overridden by accident.
  const env = { ...batch.env, ...(method === 'stdin' ? {} : taskEnvironment(input)) }
  const argv = await argvForFile(task.executable)
  yield* runOnLocalNodes(batch.nodes, ctx.signal, async function* (node) {
    yield { type: 'node:started', node: node.id }
    const outcome = yield* runNodeProcess(
      node.id,
      {
        argv,
        env,
        ...(method === 'environment' ? {} : { stdin: JSON.stringify(input) }),
        ...processStopOptions(ctx, options),
      },
      TASK_OUTPUT_CAPTURE_BYTES,
    )
    yield taskFinishedEvent(node.id, outcome)
  })
}
