import { commandOf, descendantsOf, isRunning, killProcess, processKey, processTable, type ProcessRecord } from './child-processes.js'
import { pollUntil } from './settle-within.js'

/** How long killed leftovers get to be gone, in ms. */
const KILL_WAIT_MS = 1_000

/** What a piece of work left open: handles by type (beyond the baseline) and processes still running. */
export interface Leftovers {
  /** Resource types with how many more are open than before, e.g. `['TCPSocketWrap', 1]`. */
  resources: Array<[type: string, extra: number]>
  /** Each with its command line, read while it still ran. */
  processes: Array<ProcessRecord & { command: string }>
}

/**
 * What was open before a piece of work: the active resources by type
 * (`process.getActiveResourcesInfo()`) and the processes of the machine.
 * Afterwards it tells what the work left open. A process counts as the
 * work's when it was seen below this process (`notice` looks while the work
 * runs), or when it is new, was handed to init (its parent died) and is in
 * a process group one of those seen leads: a grandchild its killed parent
 * left behind. This process's own group is shared with whatever else runs
 * beside it (other test workers), so a grandchild left there is found only
 * if it was seen while its parent lived.
 */
export class HandleBaseline {
  readonly #resources: Map<string, number>
  readonly #before: Set<string>
  readonly #ownGroup: number | undefined
  readonly #groups = new Set<number>()
  readonly #seen = new Map<string, ProcessRecord>()

  private constructor() {
    this.#resources = countResources()
    const table = processTable()
    this.#before = new Set([...(table?.values() ?? [])].map(processKey))
    this.#ownGroup = table?.get(process.pid)?.pgrp
  }

  /** Takes the baseline now. */
  static take(): HandleBaseline {
    return new HandleBaseline()
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
    const resources = [...countResources()].flatMap(([type, count]): Array<[string, number]> => {
      const extra = count - (this.#resources.get(type) ?? 0)
      return extra > 0 ? [[type, extra]] : []
    })
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
   * them) so that a broken plugin does not keep the test run alive.
   */
  async leftoversWithin(ms: number): Promise<Leftovers> {
    let left = this.leftovers()
    await pollUntil(() => isEmpty((left = this.leftovers())), ms)
    left.processes.forEach(killProcess)
    // Reaped, so that their handles do not count against the next check's baseline.
    await pollUntil(() => left.processes.every((record) => !isRunning(record)), KILL_WAIT_MS)
    return left
  }
}

/** True when nothing is left open. */
export function isEmpty(left: Leftovers): boolean {
  return left.resources.length === 0 && left.processes.length === 0
}

/** `open handles TCPSocketWrap ×1, Timeout ×2; child processes still running: 4242 (sleep 30)`. */
export function describeLeftovers(left: Leftovers): string {
  const parts: string[] = []
  if (left.resources.length > 0) parts.push(`open handles ${left.resources.map(([type, extra]) => `${type} ×${extra}`).join(', ')}`)
  if (left.processes.length > 0) parts.push(`child processes still running: ${left.processes.map((p) => `${p.pid} (${p.command})`).join(', ')}`)
  return parts.join('; ')
}

function countResources(): Map<string, number> {
  const counts = new Map<string, number>()
  for (const type of process.getActiveResourcesInfo()) counts.set(type, (counts.get(type) ?? 0) + 1)
  return counts
}
