import { stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import type { DescriptorOf } from '../../capabilities/catalog.js'
import type { ExecutionBatch } from '../../capabilities/handler.js'
import type { NodeEvent } from '../../capabilities/models/node-event.js'
import type { ProviderContext } from '../../capabilities/provider-context.js'
import { argvForFile } from './argv-for-file.js'
import type { LocalExecutionOptions } from './local-execution-options.js'
import { processFinishedEvent } from './process-finished-event.js'
import { runNodeProcess } from './run-node-process.js'
import { runOnLocalNodes } from './run-on-local-nodes.js'
import { processStopOptions } from './process-stop-options.js'

/** What `script.execute` hands the local plugin. */
export type ScriptBatch = ExecutionBatch<DescriptorOf<'script.execute'>>

/**
 * The local plugin's `script.execute`: runs a script file of this machine
 * (relative paths from the host's working directory) with `args` as
 * separate argv entries, so spaces and quotes in them arrive intact. An
 * executable script runs directly; one without the execute bit runs through
 * the interpreter for its extension, else `/bin/sh` (see {@link argvForFile}).
 * A missing script ends each node as `error` NOT_FOUND naming the path.
 * Through a Capstan host, `batch.script` is the real path the host checked
 * (see `ScriptSources`), so the script runs in place, next to its own files.
 */
export async function* runLocalScript(batch: ScriptBatch, ctx: ProviderContext, options: LocalExecutionOptions = {}): AsyncGenerator<NodeEvent, void, undefined> {
  const script = resolve(batch.script)
  yield* runOnLocalNodes(batch.nodes, ctx.signal, async function* (node) {
    const problem = await scriptProblem(script)
    if (problem !== undefined) {
      yield { type: 'node:finished', node: node.id, status: 'error', exitCode: null, error: { code: 'NOT_FOUND', message: `Script ${script} ${problem}`, details: { node: node.id, script } } }
      return
    }
    yield { type: 'node:started', node: node.id }
    const outcome = yield* runNodeProcess(node.id, {
      argv: [...(await argvForFile(script)), ...batch.args],
      ...(batch.env === undefined ? {} : { env: batch.env }),
      ...processStopOptions(ctx, options),
    })
    yield processFinishedEvent(node.id, outcome)
  })
}

/** Why the script cannot run, or undefined when it is a file. */
async function scriptProblem(path: string): Promise<string | undefined> {
  try {
    return (await stat(path)).isFile() ? undefined : 'is not a file'
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    return code === 'ENOENT' || code === 'ENOTDIR' ? 'does not exist' : `cannot be read (${code ?? String(error)})`
  }
}
