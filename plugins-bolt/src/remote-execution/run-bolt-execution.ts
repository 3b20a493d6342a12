import { CapstanError, isCapstanError, type Node, type NodeEvent } from 'capstan'
import { runProcess, type ProcessEvent, type ProcessExitEvent } from 'capstan/plugin-kit'
import type { BoltExecutionOptions } from './bolt-execution-options.js'
import { BoltRun } from './bolt-run.js'

/**
 * Runs one bolt process for a batch of nodes and yields the batch's
 * {@link NodeEvent}s:
 * - `node:started` for every node once Bolt shows it is running (the first
 *   `--stream` line) or once it has results (at exit), not at spawn: a run Bolt
 *   refuses (unknown task, bad parameters, missing script) then throws before
 *   any node started, which the engine reports as the caller's mistake;
 * - `node:output` for each streamed line, as it arrives, with the newline Bolt
 *   strips put back; for a node nothing was streamed for (tasks, a run without
 *   `--stream`), its output is replayed from its result;
 * - `node:finished` for every node: from its item (see itemToNodeEvent), or
 *   `error` when Bolt's document has no item for it — with Bolt's failure when
 *   Bolt failed part-way, else PLUGIN_ERROR "Bolt returned no result for <target>".
 *
 * Exit code 1 with items is normal (some target failed). When `signal` aborts,
 * Bolt's process group is stopped and the generator returns without finishing
 * the nodes: the engine marks them cancelled or timed out. Leaving the loop
 * early stops Bolt the same way.
 *
 * @throws CapstanError from Bolt's own failure (see parseBoltResult):
 *   NOT_FOUND, VALIDATION_ERROR or PLUGIN_ERROR, with Bolt's message;
 *   CONFIG_ERROR when bolt cannot be started (no such executable or working
 *   directory, not executable).
 */
export async function* runBoltExecution(options: BoltExecutionOptions): AsyncGenerator<NodeEvent, void, undefined> {
  const nodesByTarget = groupByTarget(options.nodes, options.targetName)
  const bolt = startBolt(options)
  try {
    const first = await firstEvent(bolt, options)
    if (first === undefined) return
    const run = new BoltRun(options, nodesByTarget)
    let exit: ProcessExitEvent | undefined
    for (let event: ProcessEvent | undefined = first; event !== undefined; event = await nextEvent(bolt)) {
      if (event.type === 'exit') exit = event
      else if (event.type === 'output') yield* run.output(event.stream, event.chunk)
    }
    yield* run.endOfOutput()
    // runProcess always ends with an exit event; reaching here is a bug in it.
    if (exit === undefined) throw new CapstanError('PLUGIN_ERROR', { message: 'The bolt process ended without an exit status' })
    if (exit.killed) return
    yield* run.finish(exit)
  } finally {
    // Stops Bolt's process group when the consumer leaves early or something threw; a no-op once it has exited.
    await bolt.return(undefined)
  }
}

/** Node ids by Bolt target name; two nodes that are one Bolt target share its result. */
function groupByTarget(nodes: readonly Node[], targetName: (node: Node) => string): Map<string, string[]> {
  const byTarget = new Map<string, string[]>()
  for (const node of nodes) {
    const name = targetName(node)
    byTarget.set(name, [...(byTarget.get(name) ?? []), node.id])
  }
  return byTarget
}

function startBolt(options: BoltExecutionOptions): AsyncGenerator<ProcessEvent, void, undefined> {
  return runProcess({
    argv: [options.boltPath, ...options.argv],
    ...(options.env === undefined ? {} : { env: options.env }),
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    signal: options.signal,
    ...(options.graceMs === undefined ? {} : { graceMs: options.graceMs }),
    ...(options.killSignal === undefined ? {} : { killSignal: options.killSignal }),
  })
}

/**
 * The spawn event, or undefined when the signal had aborted before Bolt
 * started. A bolt that cannot start is the plugin's configuration (boltPath,
 * project directory), never the caller's mistake, so runProcess's NOT_FOUND
 * becomes CONFIG_ERROR.
 */
async function firstEvent(bolt: AsyncGenerator<ProcessEvent, void, undefined>, options: BoltExecutionOptions): Promise<ProcessEvent | undefined> {
  try {
    return await nextEvent(bolt)
  } catch (error) {
    if (options.signal.aborted) return undefined
    if (isCapstanError(error) && (error.code === 'NOT_FOUND' || error.code === 'PLUGIN_ERROR')) {
      throw new CapstanError('CONFIG_ERROR', { message: `${error.message}; check the plugin's boltPath and project directory`, details: error.details, cause: error })
    }
    throw error
  }
}

async function nextEvent(bolt: AsyncGenerator<ProcessEvent, void, undefined>): Promise<ProcessEvent | undefined> {
  const next = await bolt.next()
  return next.done === true ? undefined : next.value
}
