import { ExecutionEvent, ExecutionResult, NodeResult } from 'capstan'
import { setTimeout as sleep } from 'node:timers/promises'

/** Builds a valid stream of execution events (each parsed through the core's schema), numbered from 0. */
export class EventScript {
  readonly events: ExecutionEvent[] = []
  readonly results: NodeResult[] = []
  #seq = 0
  readonly #start = Date.parse('2026-11-25T13:00:00.000Z')

  constructor(readonly executionId = 'exec-1') {}

  #push(event: Record<string, unknown>): this {
    const timestamp = new Date(this.#start + this.#seq * 10).toISOString()
    this.events.push(ExecutionEvent.parse({ executionId: this.executionId, seq: this.#seq++, timestamp, ...event }))
    return this
  }

  queued(position: number): this {
    return this.#push({ type: 'queued', position })
  }

  started(nodes: string[]): this {
    return this.#push({ type: 'started', nodes })
  }

  nodeStarted(node: string): this {
    return this.#push({ type: 'node:started', node })
  }

  output(node: string, chunk: string, stream: 'stdout' | 'stderr' = 'stdout'): this {
    return this.#push({ type: 'node:output', node, stream, chunk })
  }

  dropped(node: string, bytes: number, stream: 'stdout' | 'stderr' = 'stdout'): this {
    return this.#push({ type: 'output:dropped', node, stream, bytes })
  }

  nodeFinished(node: string, outcome: Partial<NodeResult> = {}): this {
    const result = NodeResult.parse({
      node,
      status: 'success',
      exitCode: 0,
      stdout: '',
      stderr: '',
      startedAt: '2026-11-25T13:00:00.000Z',
      finishedAt: '2026-11-25T13:00:01.000Z',
      durationMs: 1000,
      truncated: false,
      ...outcome,
    })
    this.results.push(result)
    return this.#push({ type: 'node:finished', node, result })
  }

  finished(): this {
    const failed = this.results.filter((result) => result.status !== 'success').length
    const status = failed === 0 ? 'success' : failed === this.results.length ? 'failure' : 'partial'
    const result = ExecutionResult.parse({
      id: this.executionId,
      capability: 'command.execute',
      plugins: ['local'],
      status,
      nodes: this.results,
      startedAt: '2026-11-25T13:00:00.000Z',
      finishedAt: '2026-11-25T13:00:02.000Z',
      durationMs: 2000,
    })
    return this.#push({ type: 'finished', result })
  }

  /** The events as an async iterable; `delayMs` between events makes it a slow stream, `onYield` sees each event before it is handed over. */
  async *stream(options: { delayMs?: number; onYield?: (event: ExecutionEvent, index: number) => void } = {}): AsyncGenerator<ExecutionEvent> {
    for (const [index, event] of this.events.entries()) {
      if (options.delayMs) await sleep(options.delayMs)
      options.onYield?.(event, index)
      yield event
    }
  }
}
