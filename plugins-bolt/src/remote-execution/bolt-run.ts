import { CapstanError, type Node, type NodeEvent } from 'capstan'
import { type ProcessExitEvent } from 'capstan/plugin-kit'
import { argvSecrets } from '../bolt-cli/argv-secrets.js'
import { parseBoltResult, type ParsedBoltResult } from '../bolt-cli/parse-bolt-result.js'
import { StreamLineParser, type StreamLine, type StreamLineItem } from '../bolt-cli/stream-line-parser.js'
import type { BoltExecutionOptions } from './bolt-execution-options.js'
import { itemOutputEvents } from './item-output-events.js'
import { itemToNodeEvent } from './item-to-node-event.js'

/** Characters of Bolt's stderr kept for error messages: its start says what went wrong; the rest is noise. */
export const STDERR_KEPT_CHARS = 64 * 1024

/** What one bolt run has printed so far, and which nodes it has started and streamed. */
export class BoltRun {
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
