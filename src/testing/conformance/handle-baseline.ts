import { commandOf, descendantsOf, isRunning, killProcess, processKey, processTable, type ProcessRecord } from './child-processes.js'
import { ActiveResourceDelta } from './active-resource-delta.js'
import { ResourceWatch } from './resource-watch.js'
import { pollUntil, sleep } from './settle-within.js'

/** How long killed leftovers get to be gone, in ms. */
const KILL_WAIT_MS = 1_000
/**
 * How long the work's last callbacks get before the first look, in ms. Work
 * that only ever awaited promises has not let the event loop turn, so what
 * it scheduled with `nextTick` (a server's listen, a socket's connect) has
 * not opened its handle yet.
 */
const SETTLE_MS = 20

/** What a piece of work left open: handles by type and processes still running. */
export interface Leftovers {
  /** Handles the work left open, by type, e.g. `['TCPSocketWrap', 1]`. */
  resources: Array<[type: string, count: number]>
  /** Each with its command line, read while it still ran. */
  processes: Array<ProcessRecord & { command: string }>
}

/**
 * Which handles count as left open by the work:
 * - `opened since`: every handle it opened that is still open ({@link ResourceWatch}), after dispose;
 * - `more than before`: connections, pipes and child processes beyond the number open before
 *   ({@link ActiveResourceDelta}), after an abort, when pools may keep or replace connections.
 */
export type HandleRule = 'opened since' | 'more than before'

/**
 * What was open before a piece of work: the handles (by a {@link HandleRule})
 * and the processes of the machine. Afterwards it tells what the work left
 * open. A process counts as the work's when it was seen below this process
 * (`notice` looks while the work runs), or when it is new, was handed to
 * init (its parent died) and is in a process group one of those seen leads:
 * a grandchild its killed parent left behind. This process's own group is
 * shared with whatever else runs beside it (other test workers), so a
 * grandchild left there is found only if it was seen while its parent lived.
 */
export class HandleBaseline {
  readonly #handles: ResourceWatch | ActiveResourceDelta
  readonly #before: Set<string>
  readonly #ownGroup: number | undefined
  readonly #groups = new Set<number>()
  readonly #seen = new Map<string, ProcessRecord>()

  private constructor(handles: HandleRule) {
    this.#handles = handles === 'opened since' ? new ResourceWatch() : new ActiveResourceDelta()
    const table = processTable()
    this.#before = new Set([...(table?.values() ?? [])].map(processKey))
    this.#ownGroup = table?.get(process.pid)?.pgrp
  }

  /** Takes the baseline now, counting handles by `rule` (see {@link HandleRule}). */
  static take(rule: HandleRule): HandleBaseline {
    return new HandleBaseline(rule)
  }

  /** Remembers the processes below this one now, and the groups they lead. */
  notice(table = processTable()): void {
    for (const record of descendantsOf(table ?? new Map(), process.pid)) {
      this.#seen.set(processKey(record), record)
      if (record.pgrp !== this.#ownGroup) this.#groups.add(record.pgrp)
    }
  }

  /** What is open beyond the baseline now. */
  leftovers(): Leftovers {
    const table = processTable() ?? new Map<number, ProcessRecord>()
    this.notice(table)
    const resources = this.#handles.open()
    const processes = [...table.values()].filter((record) => {
      const key = processKey(record)
      if (this.#before.has(key) || record.state === 'Z') return false
      return this.#seen.has(key) || (record.ppid === 1 && this.#groups.has(record.pgrp))
    })
    return { resources, processes: processes.map((record) => ({ ...record, command: commandOf(record) })) }
  }

  /**
   * Waits up to `ms` for everything beyond the baseline to close, then says
   * what is still open, and kills the processes among it (after reporting
   * them) so that a broken plugin does not keep the test run alive. Ends
   * the watch.
   */
  async leftoversWithin(ms: number): Promise<Leftovers> {
    try {
      await sleep(SETTLE_MS)
      let left = this.leftovers()
      await pollUntil(() => isEmpty((left = this.leftovers())), ms)
      left.processes.forEach(killProcess)
      await pollUntil(() => left.processes.every((record) => !isRunning(record)), KILL_WAIT_MS)
      return left
    } finally {
      this.stop()
    }
  }

  /** Ends the watch without a verdict (the work could not run). */
  stop(): void {
    this.#handles.stop()
  }
}

/** True when nothing is left open. */
export function isEmpty(left: Leftovers): boolean {
  return left.resources.length === 0 && left.processes.length === 0
}

/** `open handles TCPSocketWrap ×1, Timeout ×2; child processes still running: 4242 (sleep 30)`. */
export function describeLeftovers(left: Leftovers): string {
  const parts: string[] = []
  if (left.resources.length > 0) parts.push(`open handles ${left.resources.map(([type, count]) => `${type} ×${count}`).join(', ')}`)
  if (left.processes.length > 0) parts.push(`child processes still running: ${left.processes.map((p) => `${p.pid} (${p.command})`).join(', ')}`)
  return parts.join('; ')
}
