import { fileURLToPath } from 'node:url'
import type { BasePlugin, ExecutionEvent, NodeResult, SourceNode } from 'capstan'
import { testPlugin } from 'capstan/testing'
import { aborted } from '@capstan/test-support/async'

export { isRunning, killLeftovers, waitUntilGone } from '@capstan/test-support/process-liveness'

// Helpers of the execution engine tests (test/execution/execution-engine-*.test.ts).

/** The example Bolt-style tasks: `greet` (needs name: String[1]) and `disk` (no parameters). */
export const exampleTasks = fileURLToPath(new URL('../../examples/tasks', import.meta.url))

/**
 * A shell command that starts two background sleeps, prints their pids and its
 * own (each on its line), then waits: three processes in one process group.
 */
export const shellWithChildren = 'sleep 60 & echo $!; sleep 60 & echo $!; echo $$; wait'

/** Every event a consumer gets, until the execution ends. */
export async function eventsOf(events: AsyncIterable<ExecutionEvent>): Promise<ExecutionEvent[]> {
  const out: ExecutionEvent[] = []
  for await (const event of events) out.push(event)
  return out
}

/** Reads an execution until `count` pids have been printed on stdout, and returns them; the iterator stays usable. */
export async function printedPids(iterator: AsyncIterator<ExecutionEvent>, count: number): Promise<number[]> {
  let stdout = ''
  for (;;) {
    const pids = stdout.split('\n').slice(0, -1).filter(Boolean).map(Number)
    if (pids.length >= count) return pids
    const next = await iterator.next()
    if (next.done === true) throw new Error(`the execution ended after printing ${pids.length} of ${count} pids`)
    if (next.value.type === 'node:output' && next.value.stream === 'stdout') stdout += next.value.chunk
  }
}

/** The rest of an iterator's events. */
export async function rest(iterator: AsyncIterator<ExecutionEvent>): Promise<ExecutionEvent[]> {
  return eventsOf({ [Symbol.asyncIterator]: () => iterator })
}

/** An inventory-only plugin serving `nodes`. */
export function inventoryOf(name: string, nodes: SourceNode[]): BasePlugin {
  return testPlugin({ name, capabilities: { 'inventory.list': async () => ({ nodes: structuredClone(nodes) }) } })
}

/** `count` node ids: `<prefix>01`, `<prefix>02`, ... */
export function nodeIds(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}${String(i + 1).padStart(2, '0')}`)
}

/** Counts work in flight and remembers the most there ever was. */
export class InFlight {
  now = 0
  max = 0

  enter(n = 1): void {
    this.now += n
    this.max = Math.max(this.max, this.now)
  }

  leave(n = 1): void {
    this.now -= n
  }
}

/** Node results by node id. */
export function byNode(nodes: NodeResult[]): Record<string, NodeResult> {
  return Object.fromEntries(nodes.map((n) => [n.node, n]))
}

/** Polls until `condition` holds; throws after `timeoutMs`. */
export async function waitFor(condition: () => boolean, timeoutMs: number, what = 'the condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what} did not hold within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

/**
 * An execution plugin whose runs hold their nodes until cancelled; `calls`
 * lists every node it was asked to run, and `onStart` fires as each batch starts.
 */
export function slowRunner(onStart?: () => void): { plugin: BasePlugin; calls: string[] } {
  const calls: string[] = []
  const plugin = testPlugin({
    name: 'runner',
    integrationTypes: ['remote-execution'],
    capabilities: {
      'command.execute': async function* (batch, ctx) {
        calls.push(...batch.nodes.map((n) => n.id))
        for (const node of batch.nodes) yield { type: 'node:started', node: node.id }
        onStart?.()
        await aborted(ctx.signal)
      },
    },
  })
  return { plugin, calls }
}
