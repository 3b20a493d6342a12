import type { DescriptorOf } from '../../capabilities/catalog.js'
import type { ExecutionBatch } from '../../capabilities/handler.js'
import type { NodeEvent } from '../../capabilities/models/node-event.js'
import type { ProviderContext } from '../../capabilities/provider-context.js'
import type { LocalExecutionOptions } from './local-execution-options.js'
import { processFinishedEvent } from './process-finished-event.js'
import { runNodeProcess } from './run-node-process.js'
import { runOnLocalNodes } from './run-on-local-nodes.js'
import { processStopOptions } from './process-stop-options.js'

/** What `command.execute` hands the local plugin. */
export type CommandBatch = ExecutionBatch<DescriptorOf<'command.execute'>>

/**
 * The local plugin's `command.execute`: runs the command line through
 * `/bin/sh -c` on localhost, as Bolt's local transport does. `env` reaches
 * the shell as environment variables — never spliced into the command line,
 * so a value holding `$(...)` stays data. Exit 0 is `success`, any other exit
 * `failure`; a cancel or timeout kills the process group and ends the node
 * `cancelled` / `timeout`. `runAs` is refused (status `error`, code
 * NO_PROVIDER): running as another user needs sudo, which a host process
 * cannot answer prompts for.
 *
 * @example
 * ```ts
 * capabilities: () => ({ 'command.execute': (batch, ctx) => runLocalCommand(batch, ctx, { graceMs: 2000 }) })
 * ```
 */
export async function* runLocalCommand(batch: CommandBatch, ctx: ProviderContext, options: LocalExecutionOptions = {}): AsyncGenerator<NodeEvent, void, undefined> {
  yield* runOnLocalNodes(batch.nodes, ctx.signal, async function* (node) {
    if (batch.runAs !== undefined) {
      yield {
        type: 'node:finished',
        node: node.id,
        status: 'error',
        exitCode: null,
        error: { code: 'NO_PROVIDER', message: `The local plugin cannot run commands as another user (runAs "${batch.runAs}" on ${node.id}); use a plugin that supports runAs, such as ssh or bolt`, details: { node: node.id, field: 'runAs' } },
      }
      return
    }
    yield { type: 'node:started', node: node.id }
    const outcome = yield* runNodeProcess(node.id, {
      argv: ['/bin/sh', '-c', batch.command],
      ...(batch.env === undefined ? {} : { env: batch.env }),
      ...(batch.cwd === undefined ? {} : { cwd: batch.cwd }),
      ...processStopOptions(ctx, options),
    })
    yield processFinishedEvent(node.id, outcome)
  })
}
