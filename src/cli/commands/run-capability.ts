import type { Execution } from '../../execution/execution.js'
import type { ExecutionResult } from '../../capabilities/models/execution.js'
import type { ExecuteOptions } from '../../registry/execute-options.js'
import type { CliCommand } from '../args/cli-command.js'
import type { CliIo } from '../cli-io.js'
import { ExitCode } from '../exit-codes.js'
import type { GlobalFlags } from '../global-flags.js'
import { renderExecution, renderNdjson, renderResult, renderTree, type Style } from '../render/index.js'
import { openCapstan } from './open-capstan.js'
import { reportError } from './report-error.js'

/**
 * Invokes one capability with the parsed input and prints what it returns:
 * an execution streamed per node (or as NDJSON events, or one JSON result),
 * a stream item by item until it ends or Ctrl-C, anything else rendered once.
 * `invokeOptions` are those the command's option flags set (`rollout`).
 */
export async function runCapability(
  command: CliCommand,
  input: Record<string, unknown>,
  io: CliIo,
  globals: GlobalFlags,
  style: Style,
  errStyle: Style,
  invokeOptions: Record<string, unknown> = {},
): Promise<ExitCode> {
  const capstan = await openCapstan(io, globals, { readsJournal: command.type === 'journal' })
  try {
    const options = {
      // Checked by the host like any caller's options: a bad value is its VALIDATION_ERROR naming the flag's option.
      ...(invokeOptions as ExecuteOptions),
      ...(globals.plugin === undefined ? {} : { plugin: globals.plugin }),
      ...(io.signal === undefined ? {} : { signal: io.signal }),
      ...(io.killSignal === undefined ? {} : { killSignal: io.killSignal }),
    }
    const returned = await capstan.invokeUnchecked(command.id, input, options)
    if (command.execution) return await printExecution(returned as Execution, io, globals, style)
    if (command.kind === 'stream') return await printStream(returned as AsyncIterable<unknown>, io, globals, style)
    io.stdout.write(globals.json || globals.ndjson ? `${JSON.stringify(returned, null, globals.ndjson ? undefined : 2)}\n` : ensureNewline(renderResult(command.id, returned, style)))
    return someNodeFailed(returned) ? ExitCode.nodesFailed : ExitCode.ok
  } catch (error) {
    return reportError(io, errStyle, error)
  } finally {
    await capstan.close()
  }
}

async function printExecution(execution: Execution, io: CliIo, globals: GlobalFlags, style: Style): Promise<ExitCode> {
  let result: ExecutionResult
  if (globals.ndjson) {
    await renderNdjson(execution, io.stdout)
    result = await execution.result
  } else if (globals.json) {
    result = await execution.result
    io.stdout.write(`${JSON.stringify(result, null, 2)}\n`)
  } else {
    await renderExecution(execution, { stdout: io.stdout, stderr: io.stderr, style, total: 0, progress: io.stderr.isTTY === true })
    result = await execution.result
  }
  return result.nodes.every((node) => node.status === 'success') ? ExitCode.ok : ExitCode.nodesFailed
}

async function printStream(items: AsyncIterable<unknown>, io: CliIo, globals: GlobalFlags, style: Style): Promise<ExitCode> {
  for await (const item of items) {
    io.stdout.write(globals.json || globals.ndjson ? `${JSON.stringify(item)}\n` : `${ensureNewline(renderTree(item, style))}\n`)
  }
  return ExitCode.ok
}

/** Per-node results with an error entry (package lists, facts of several nodes): one node failed. */
function someNodeFailed(result: unknown): boolean {
  const nodes = (result as { nodes?: unknown } | null)?.nodes
  return Array.isArray(nodes) && nodes.some((node) => typeof node === 'object' && node !== null && 'error' in node && (node as { error?: unknown }).error !== undefined)
}

function ensureNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`
}
