import type { ExecutionEvent } from '../../capabilities/models/execution-event.js'
import type { ExecutionResult, NodeResult } from '../../capabilities/models/execution.js'
import { executionOutcome, settledResult, type ExecutionOutcome } from './execution-outcome.js'
import { NodeLineBuffer, type NodeLine } from './node-line-buffer.js'
import { ProgressLine } from './progress-line.js'
import { renderExecutionSummary } from './render-execution-summary.js'
import { renderRolloutStop, renderWaveFinished, renderWaveStarted } from './render-rollout.js'
import type { Style } from './style.js'
import { writeText, type TextOutput } from './text-output.js'
import { visibleWidth } from './visible-width.js'

/** Node names longer than this do not widen the prefix of every line. */
const MAX_PREFIX_WIDTH = 40

/** Options of {@link renderExecution}. */
export interface RenderExecutionOptions {
  /** Receives the nodes' output lines and the summary. */
  stdout: TextOutput
  /** Receives the progress line. */
  stderr: TextOutput
  /** Styles of stdout. */
  style: Style
  /** Nodes targeted; replaced by the node count of the `started` event when it arrives. */
  total: number
  /**
   * Whether to keep a live progress line on stderr. Pass true only when
   * stderr is a terminal (`process.stderr.isTTY`): the line is rewritten in
   * place with `\r`, which a file or pipe would keep as garbage.
   */
  progress: boolean
  /** Least time between two redraws of the progress line, in milliseconds (default 50). */
  progressIntervalMs?: number
}

/**
 * Prints an execution for a person, as its events arrive: every output line
 * of every node prefixed by the node's name (`web01 | text`; stderr lines
 * `web01 ! text`), a progress line on stderr
 * (`12/100 done · 2 failed · 3 running`) erased before each output line and
 * at the end, then a summary on stdout: the nodes that did not succeed and
 * `100 nodes: 98 succeeded, 2 failed`. A rolling execution also gets a line
 * as each wave starts and ends, and one saying why waves were left unstarted.
 *
 * A line cut across two chunks is printed once whole; an unfinished last
 * line is printed when its node finishes. Writes wait for stdout to drain,
 * so a slow terminal slows the consumer (the execution then reports dropped
 * output, shown in place) instead of filling memory.
 *
 * @returns the execution's result, when it arrived, and the node counts (for the exit code)
 *
 * @example
 * ```ts
 * const run = await capstan.invoke('command.execute', { targets: 'all', command: 'uptime' })
 * const { failed } = await renderExecution(run, {
 *   stdout: process.stdout, stderr: process.stderr, style, total: 0, progress: process.stderr.isTTY === true,
 * })
 * process.exitCode = failed > 0 ? 1 : 0
 * ```
 */
export async function renderExecution(execution: AsyncIterable<ExecutionEvent>, options: RenderExecutionOptions): Promise<ExecutionOutcome> {
  const { stdout, style } = options
  const progress = options.progress ? new ProgressLine(options.stderr, { intervalMs: options.progressIntervalMs ?? 50 }) : undefined
  const lines = new NodeLineBuffer()
  const finished = new Map<string, NodeResult>()
  const running = new Set<string>()
  let total = options.total
  let prefixWidth = 0
  let queuedAhead: number | undefined
  let result: ExecutionResult | undefined
  let printed = false

  const prefix = (node: string): string => style.cyan(node + ' '.repeat(Math.max(0, prefixWidth - visibleWidth(node))))
  const format = (line: NodeLine): string => {
    // A carriage return inside a line (a progress bar redrawn in place) would overwrite the prefix: keep what a terminal would end up showing.
    const text = line.text.slice(line.text.lastIndexOf('\r') + 1)
    return `${prefix(line.node)} ${line.stream === 'stderr' ? style.red('!') : style.dim('|')} ${text}\n`
  }
  const print = async (text: string): Promise<void> => {
    if (text === '') return
    progress?.hide()
    printed = true
    await writeText(stdout, text)
  }
  const progressText = (): string => {
    if (queuedAhead !== undefined) return `queued · ${queuedAhead} ${queuedAhead === 1 ? 'node' : 'nodes'} ahead`
    const failed = [...finished.values()].filter((node) => node.status !== 'success').length
    return `${finished.size}/${total} done · ${failed} failed · ${running.size} running`
  }

  try {
    for await (const event of execution) {
      switch (event.type) {
        case 'queued':
          queuedAhead = event.position
          break
        case 'started':
          queuedAhead = undefined
          total = event.nodes.length
          prefixWidth = Math.min(MAX_PREFIX_WIDTH, Math.max(0, ...event.nodes.map(visibleWidth)))
          break
        case 'node:started':
          queuedAhead = undefined
          running.add(event.node)
          break
        case 'node:output':
          await print(lines.push(event.node, event.stream, event.chunk).map(format).join(''))
          break
        case 'output:dropped':
          await print(
            lines.take(event.node, event.stream).map(format).join('') +
              `${prefix(event.node)} ${style.yellow(`… ${event.bytes} bytes of ${event.stream} not shown: output came faster than it could be printed`)}\n`,
          )
          break
        case 'node:finished':
          await print(lines.flush(event.node).map(format).join(''))
          running.delete(event.node)
          finished.set(event.node, event.result)
          break
        case 'wave:started':
          await print(renderWaveStarted(event, style))
          break
        case 'wave:finished':
          await print(renderWaveFinished(event, style))
          break
        case 'finished':
          result = event.result
          break
      }
      progress?.update(progressText())
    }
    await print(lines.flushAll().map(format).join(''))
  } finally {
    progress?.stop()
  }

  result ??= await settledResult(execution)
  const nodes = result?.nodes ?? [...finished.values()]
  const rollout = result?.rollout === undefined ? '' : renderRolloutStop(result.rollout, nodes, style)
  await writeText(stdout, (printed ? '\n' : '') + renderExecutionSummary(nodes, style, Math.max(total, nodes.length)) + rollout)
  return executionOutcome(result, finished.values())
}
