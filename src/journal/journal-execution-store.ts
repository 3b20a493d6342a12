import type { ExecutionResult, NodeResult } from '../capabilities/models/execution.js'
import type { ExecutionQuery, ExecutionRecord } from '../execution/execution-record.js'
import type { ExecutionStore } from '../execution/execution-store.js'
import { executionKinds, type ExecutionSummary } from './execution-entries.js'
import type { JournalEntry } from './journal-entry.js'
import type { JournalStore } from './journal-store.js'

/** Entries read per page while looking for executions. */
const PAGE = 1_000

/** Pages `list` reads at most: executions of many nodes each take many entries. */
const MAX_PAGES = 100

/**
 * `capstan.executions` history served from the node journal, so finished
 * executions are there after a restart: each one is rebuilt from its
 * entries (one per node, which the host writes when it finishes). A rebuilt
 * node's output is the excerpt the journal keeps (its end), `truncated` when
 * cut. `save` writes nothing: the host has written the entries by then.
 */
export class JournalExecutionStore implements ExecutionStore {
  readonly #journal: JournalStore

  constructor(journal: JournalStore) {
    this.#journal = journal
  }

  save(): void {}

  async get(id: string): Promise<ExecutionRecord | undefined> {
    const entries: JournalEntry[] = []
    let cursor: string | undefined
    do {
      const page = await this.#journal.query({ executionId: id, kinds: [...executionKinds], limit: PAGE, ...(cursor === undefined ? {} : { cursor }) })
      entries.push(...page.entries)
      cursor = page.nextCursor
    } while (cursor !== undefined)
    return entries.length === 0 ? undefined : recordOf(entries)
  }

  async list(query: ExecutionQuery = {}): Promise<ExecutionRecord[]> {
    const since = query.since === undefined ? undefined : new Date(query.since).toISOString()
    const limit = query.limit ?? Number.POSITIVE_INFINITY
    // An execution's entries are appended in one batch, so they are next to each other, newest first.
    const groups = new Map<string, JournalEntry[]>()
    const records: ExecutionRecord[] = []
    const flush = () => {
      for (const entries of groups.values()) {
        const record = recordOf(entries)
        const wanted = (query.status === undefined || record.status === query.status) && (query.capability === undefined || record.capability === query.capability)
        if (wanted && (since === undefined || record.startedAt >= since)) records.push(record)
      }
      groups.clear()
    }
    let cursor: string | undefined
    for (let pages = 0; pages < MAX_PAGES && records.length < limit; pages += 1) {
      const page = await this.#journal.query({ kinds: [...executionKinds], limit: PAGE, ...(cursor === undefined ? {} : { cursor }) })
      for (const entry of page.entries) {
        const id = entry.executionId
        if (id === undefined) continue
        // A new execution starts: every one seen before it is complete.
        const group = groups.get(id)
        if (group !== undefined) group.push(entry)
        else {
          flush()
          groups.set(id, [entry])
        }
      }
      cursor = page.nextCursor
      if (cursor === undefined) break
    }
    flush()
    return records.slice(0, limit)
  }
}

/** An execution's record, rebuilt from its entries. */
function recordOf(entries: readonly JournalEntry[]): ExecutionRecord {
  const first = entries[0] as JournalEntry
  const summary = first.body.execution as ExecutionSummary
  const nodes = entries.map(nodeResultOf).sort((a, b) => a.node.localeCompare(b.node))
  const plugins = [...new Set(entries.map((e) => e.source).filter((s) => s !== 'host'))].sort()
  const result: ExecutionResult = {
    id: first.executionId as string,
    capability: first.body.capability as string,
    plugins,
    status: summary.status,
    nodes,
    startedAt: summary.startedAt,
    finishedAt: summary.finishedAt,
    durationMs: summary.durationMs,
  }
  return {
    id: result.id,
    capability: result.capability,
    status: result.status,
    ...(first.actor === undefined ? {} : { principal: first.actor }),
    plugins,
    startedAt: result.startedAt,
    finishedAt: result.finishedAt,
    durationMs: result.durationMs,
    result,
  }
}

function nodeResultOf(entry: JournalEntry): NodeResult {
  const body = entry.body as Record<string, unknown>
  const error = body.error as NodeResult['error']
  return {
    node: entry.node,
    status: body.status as NodeResult['status'],
    exitCode: (body.exitCode as number | null | undefined) ?? null,
    ...(typeof body.signal === 'string' ? { signal: body.signal } : {}),
    stdout: typeof body.stdout === 'string' ? body.stdout : '',
    stderr: typeof body.stderr === 'string' ? body.stderr : '',
    ...(body.value === undefined ? {} : { value: body.value }),
    ...(error === undefined ? {} : { error }),
    startedAt: body.startedAt as string,
    finishedAt: entry.time,
    durationMs: body.durationMs as number,
    truncated: body.outputTruncated === true || body.stdoutCut === true || body.stderrCut === true,
  }
}
