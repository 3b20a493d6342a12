import { CapstanError, isCapstanError, runProcess, type Node, type NodeEvent, type ProcessEvent, type ProcessExitEvent } from 'capstan'
import { itemOutputEvents } from '../output/item-output-events.js'
import { itemToNodeEvent } from '../output/item-to-node-event.js'
import { parseBoltResult, type ParsedBoltResult } from '../output/parse-bolt-result.js'
import { StreamLineParser, type StreamLine, type StreamLineItem } from '../output/stream-line-parser.js'
import { argvSecrets } from './argv-secrets.js'

/** Characters of Bolt's stderr kept for error messages: its start says what went wrong; the rest is noise. */
export const STDERR_KEPT_CHARS = 64 * 1024

/** Options of {@link runBoltExecution}. */
export interface BoltExecutionOptions {
  /** Bolt's arguments, without the executable (see commandArgv, scriptArgv, taskArgv). */
  argv: readonly string[]
  /** The bolt executable: a name on PATH or a path. */
  boltPath: string
  /** Working directory of the bolt process. */
  cwd?: string
  /** Environment of the bolt process itself (merged over this process's), not of the targets. */
  env?: Record<string, string>
  /** The nodes of the batch: the ones `argv` targets. */
  nodes: readonly Node[]
  /** Bolt's name for a node, as it appears in `--targets` and in Bolt's output. */
  targetName: (node: Node) => string
  /** Aborting stops Bolt's whole process group (cancel, timeout). */
  signal: AbortSignal
  /** Milliseconds between SIGTERM and SIGKILL when stopped (default: runProcess's). */
  graceMs?: number
}

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

/** What one bolt run has printed so far, and which nodes it has started and streamed. */
class BoltRun {
  readonly #options: BoltExecutionOptions
  readonly #nodesByTarget: Map<string, string[]>
  readonly #parser = new StreamLineParser()
  readonly #document: string[] = []
  readonly #streamed = new Set<string>()
  #stderr = ''
  #started = false

  constructor(options: BoltExecutionOptions, nodesByTarget: Map<string, string[]>) {
    this.#options = options
    this.#nodesByTarget = nodesByTarget
  }

  /** The events a chunk of Bolt's output brings: stream lines; document text and stderr are kept. */
  *output(stream: 'stdout' | 'stderr', chunk: string): Generator<NodeEvent, void, undefined> {
    if (stream === 'stderr') {
      if (this.#stderr.length < STDERR_KEPT_CHARS) this.#stderr += chunk.slice(0, STDERR_KEPT_CHARS - this.#stderr.length)
      return
    }
    yield* this.#items(this.#parser.push(chunk))
  }

  /** The events of a last line without a newline. */
  *endOfOutput(): Generator<NodeEvent, void, undefined> {
    yield* this.#items(this.#parser.end())
  }

  /**
   * The events that end the run once Bolt has exited by itself: every node
   * finished, or Bolt's failure thrown while no node has started.
   */
  *finish(exit: ProcessExitEvent): Generator<NodeEvent, void, undefined> {
    const result = parseBoltResult({
      document: this.#document.join(''),
      stderr: this.#stderr,
      exitCode: exit.exitCode,
      signal: exit.signal,
      secrets: argvSecrets(this.#options.argv),
    })
    if (result.items.length === 0 && result.failure !== undefined && !this.#started) throw result.failure
    yield* this.#start()
    yield* finishedEvents(result, this.#options, this.#nodesByTarget, this.#streamed)
  }

  *#items(items: StreamLineItem[]): Generator<NodeEvent, void, undefined> {
    for (const item of items) {
      if (item.kind === 'document') this.#document.push(item.text)
      else yield* this.#streamLine(item)
    }
  }

  *#streamLine(line: StreamLine): Generator<NodeEvent, void, undefined> {
    const ids = this.#nodesByTarget.get(line.target)
    // A name outside the batch cannot be attributed; that node's output is replayed from its result instead.
    if (ids === undefined) return
    yield* this.#start()
    for (const node of ids) {
      this.#streamed.add(node)
      yield { type: 'node:output', node, stream: line.stream, chunk: `${line.line}\n` }
    }
  }

  *#start(): Generator<NodeEvent, void, undefined> {
    if (this.#started) return
    this.#started = true
    for (const node of this.#options.nodes) yield { type: 'node:started', node: node.id }
  }
}

/** The events that end every node of the batch, from Bolt's items. */
function* finishedEvents(result: ParsedBoltResult, options: BoltExecutionOptions, nodesByTarget: Map<string, string[]>, streamed: ReadonlySet<string>): Generator<NodeEvent, void, undefined> {
  const finished = new Set<string>()
  for (const item of result.items) {
    for (const node of nodesByTarget.get(item.target) ?? []) {
      // Bolt reports a target once; should it repeat one, the first result stands.
      if (finished.has(node)) continue
      finished.add(node)
      if (!streamed.has(node)) yield* itemOutputEvents(item, node)
      yield itemToNodeEvent(item, node)
    }
  }
  for (const node of options.nodes) {
    if (finished.has(node.id)) continue
    finished.add(node.id)
    yield missingResult(node, options.targetName(node), result.failure)
  }
}

function missingResult(node: Node, target: string, failure: CapstanError | undefined): NodeEvent {
  const error = failure ?? new CapstanError('PLUGIN_ERROR', { message: `Bolt returned no result for ${target}`, details: { node: node.id, target } })
  return { type: 'node:finished', node: node.id, status: 'error', exitCode: null, error: { code: error.code, message: error.message, details: error.details } }
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
