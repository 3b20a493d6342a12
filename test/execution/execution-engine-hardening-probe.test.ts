// Hardening probe (issue 13): a fault probe found these hold; they must go on
// holding. Twenty executions started at once over the same fifty nodes: each
// gives every node exactly one result and one `node:finished`, with no result
// crossing into another execution, and memory levels off over rounds of it.
import { MemoryExecutionStore, MemoryJournalStore, type Capstan, type ExecutionEvent, type ExecutionResult, type NodeStatus } from 'capstan'
import { createTestCapstan } from 'capstan/testing'
import { describe, expect, it } from 'vitest'
import { executionPlugin } from '../support/execution-plugin.js'
import { eventsOf, inventoryOf, nodeIds } from '../support/executions.js'
import { fullGc, retainedHeap } from '../support/full-gc.js'

const NODES = 50
const EXECUTIONS = 20
const ids = nodeIds('n', NODES)
const statuses = ['success', 'failure', 'error'] as const
/** Rounds after which everything the host keeps of finished executions is full: the engine keeps the last 100. */
const FULL = 100 / EXECUTIONS

/** What node `index` of execution `execution` ends with: it differs between executions, so a result that crossed over would show. */
function statusOf(execution: number, index: number): NodeStatus {
  return statuses[(execution + index) % statuses.length]!
}

/** The command of execution `execution`; the runner reads the execution's number back from it. */
const commandOf = (execution: number) => `probe ${execution}`

/** Runs every node as the command says: started, one line of output naming command and node, then its status. */
function runner() {
  return executionPlugin({
    name: 'runner',
    capabilities: {
      'command.execute': async function* (batch) {
        const execution = Number(batch.command.split(' ')[1])
        for (const node of batch.nodes) {
          yield { type: 'node:started', node: node.id }
          // Let the other executions' nodes in between, as real output would.
          await new Promise((resolve) => setImmediate(resolve))
          yield { type: 'node:output', node: node.id, stream: 'stdout', chunk: `${batch.command} on ${node.id}\n` }
          const status = statusOf(execution, ids.indexOf(node.id))
          if (status === 'error') yield { type: 'node:finished', node: node.id, status, exitCode: null, error: { code: 'PLUGIN_ERROR', message: `${node.id} broke` } }
          else yield { type: 'node:finished', node: node.id, status, exitCode: status === 'success' ? 0 : 1 }
        }
      },
    },
  })
}

interface Observed {
  id: string
  events: ExecutionEvent[]
  result: ExecutionResult
}

/** Starts EXECUTIONS executions at once on every node, and reads each to its end. */
async function round(capstan: Capstan): Promise<Observed[]> {
  const runs = Array.from({ length: EXECUTIONS }, (_, execution) => capstan.command.execute({ targets: 'all', command: commandOf(execution) }))
  return Promise.all(runs.map(async (run) => ({ id: run.id, events: await eventsOf(run), result: await run.result })))
}

/** How many times each value occurs. */
function counts(values: readonly string[]): Record<string, number> {
  const counted: Record<string, number> = {}
  for (const value of values) counted[value] = (counted[value] ?? 0) + 1
  return counted
}

const once = Object.fromEntries(ids.map((id) => [id, 1]))

function expectExactlyOncePerNode(observed: Observed, execution: number): void {
  const { result, events } = observed
  expect(result.id).toBe(observed.id)
  expect(counts(result.nodes.map((n) => n.node))).toEqual(once)
  for (const node of result.nodes) {
    const status = statusOf(execution, ids.indexOf(node.node))
    expect(node, `${node.node} of execution ${execution}`).toMatchObject({ status, stdout: `${commandOf(execution)} on ${node.node}\n` })
  }
  const nodeEvents = (type: ExecutionEvent['type']) => events.flatMap((e) => (e.type === type && 'node' in e ? [e.node] : []))
  expect(counts(nodeEvents('node:started'))).toEqual(once)
  expect(counts(nodeEvents('node:finished'))).toEqual(once)
  expect(counts(nodeEvents('node:output'))).toEqual(once)
  expect(events.filter((e) => e.type === 'finished')).toHaveLength(1)
  expect(events.at(-1)?.type).toBe('finished')
  expect(events.every((e) => e.executionId === observed.id)).toBe(true)
  const expectedStatus = result.nodes.every((n) => n.status === 'success') ? 'success' : result.nodes.some((n) => n.status === 'success') ? 'partial' : 'failure'
  expect(result.status).toBe(expectedStatus)
}

describe('hardening probe: 20 concurrent executions × 50 nodes', () => {
  it('give each execution exactly one result and one node:finished per node, each with its own status and output', async () => {
    await using capstan = await createTestCapstan({ plugins: [inventoryOf('cmdb', ids.map((id) => ({ id }))), runner()] })
    const observed = await round(capstan)
    expect(new Set(observed.map((o) => o.id)).size).toBe(EXECUTIONS)
    observed.forEach((o, execution) => expectExactlyOncePerNode(o, execution))
    expect(capstan.queue.stats()).toMatchObject({ running: 0, queued: 0, completed: EXECUTIONS * NODES })
  })

  it('levels off in heap once history is full: rounds after that retain no more', async () => {
    const gc = fullGc()
    // History and the journal keep one round (20 records, 1,000 node entries); the engine keeps the last 100 executions for replay, full after 5 rounds.
    await using capstan = await createTestCapstan({
      plugins: [inventoryOf('cmdb', ids.map((id) => ({ id }))), runner()],
      executionStore: new MemoryExecutionStore({ maxEntries: EXECUTIONS }),
      journal: new MemoryJournalStore({ maxEntries: EXECUTIONS * NODES }),
    })
    const heap: number[] = [retainedHeap(gc)]
    for (let r = 1; r <= FULL + 4; r += 1) {
      const observed = await round(capstan)
      observed.forEach((o, execution) => expectExactlyOncePerNode(o, execution))
      // The test logger keeps every line (one per node); what it keeps is not the engine's.
      capstan.logger.records.length = 0
      heap.push(retainedHeap(gc))
    }
    const mib = heap.map((h) => (h / 2 ** 20).toFixed(2)).join(' ')
    console.info(`[hardening probe] heapUsed after GC, before and after each round (MiB): ${mib}`)
    // While history fills, each round retains what its 20 executions keep for replay (about 1.5 MiB here).
    const perFillingRound = (heap[FULL]! - heap[0]!) / FULL
    expect(perFillingRound, mib).toBeGreaterThan(0)
    // Once full, the four rounds after retain in all less than half of one filling round (here about 0.1 MiB):
    // anything an execution leaked would grow with every round.
    expect(heap[FULL + 4]! - heap[FULL]!, mib).toBeLessThan(perFillingRound / 2)
  }, 60_000)
})
