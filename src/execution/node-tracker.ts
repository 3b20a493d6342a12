import type { NodeError, NodeResult, NodeStatus } from '../capabilities/models/execution.js'

/** How a node ended, as a plugin or the engine reports it. */
export interface NodeOutcome {
  status: NodeStatus
  exitCode?: number | null
  signal?: string
  value?: unknown
  error?: NodeError
}

/**
 * Per-node bookkeeping of one execution: when each node started and how it
 * ended. A node finishes once; later reports for it are ignored, so a
 * timeout the engine recorded is not overwritten by a plugin's late answer.
 */
export class NodeTracker {
  readonly #order: string[]
  readonly #started = new Map<string, number>()
  readonly #results = new Map<string, NodeResult>()
  readonly #output: (node: string) => { stdout: string; stderr: string; truncated: boolean }

  constructor(nodes: string[], output: (node: string) => { stdout: string; stderr: string; truncated: boolean }) {
    this.#order = nodes
    this.#output = output
  }

  /** Marks a node started; false when it already was. */
  start(node: string, at = Date.now()): boolean {
    if (this.#started.has(node)) return false
    this.#started.set(node, at)
    return true
  }

  hasStarted(node: string): boolean {
    return this.#started.has(node)
  }

  isFinished(node: string): boolean {
    return this.#results.has(node)
  }

  /** Records how a node ended and returns its result; undefined when it had already finished. */
  finish(node: string, outcome: NodeOutcome, at = Date.now()): NodeResult | undefined {
    if (this.#results.has(node)) return undefined
    const started = this.#started.get(node) ?? at
    const { stdout, stderr, truncated } = this.#output(node)
    const result: NodeResult = {
      node,
      status: outcome.status,
      exitCode: outcome.exitCode ?? null,
      ...(outcome.signal === undefined ? {} : { signal: outcome.signal }),
      stdout,
      stderr,
      ...(outcome.value === undefined ? {} : { value: outcome.value }),
      ...(outcome.error === undefined ? {} : { error: outcome.error }),
      startedAt: new Date(started).toISOString(),
      finishedAt: new Date(at).toISOString(),
      durationMs: Math.max(0, at - started),
      truncated,
    }
    this.#results.set(node, result)
    return result
  }

  /** Nodes that have not finished, in target order. */
  unfinished(nodes: readonly string[] = this.#order): string[] {
    return nodes.filter((n) => !this.#results.has(n))
  }

  /** Every result, in target order (only finished nodes). */
  results(): NodeResult[] {
    return this.#order.flatMap((n) => {
      const result = this.#results.get(n)
      return result === undefined ? [] : [result]
    })
  }
}
