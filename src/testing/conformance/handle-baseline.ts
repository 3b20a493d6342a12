import { descendantProcesses, isRunning, killProcess, type ProcessRecord } from './child-processes.js'
import { pollUntil } from './settle-within.js'

/** What a piece of work left open: handles by type (beyond the baseline) and processes still running. */
export interface Leftovers {
  /** Resource types with how many more are open than before, e.g. `['TCPSocketWrap', 1]`. */
  resources: Array<[type: string, extra: number]>
  processes: ProcessRecord[]
}

/**
 * What was open before a piece of work: the active resources by type
 * (`process.getActiveResourcesInfo()`) and the child processes. Afterwards
 * it tells what the work left open. Processes the work started are noticed
 * while it runs (`notice`), so one that outlives its parent (a grandchild
 * handed to init when its parent was killed) is still found.
 */
export class HandleBaseline {
  readonly #resources: Map<string, number>
  readonly #processes: Set<string>
  readonly #seen = new Map<string, ProcessRecord>()

  private constructor() {
    this.#resources = countResources()
    this.#processes = new Set((descendantProcesses() ?? []).map(processKey))
  }

  /** Takes the baseline now. */
  static take(): HandleBaseline {
    return new HandleBaseline()
  }

  /** Remembers the child processes running now, to check later that they are gone. */
  notice(): void {
    for (const record of descendantProcesses() ?? []) this.#seen.set(processKey(record), record)
  }

  /** What is open beyond the baseline now. */
  leftovers(): Leftovers {
    this.notice()
    const now = countResources()
    const resources = [...now].flatMap(([type, count]): Array<[string, number]> => {
      const extra = count - (this.#resources.get(type) ?? 0)
      return extra > 0 ? [[type, extra]] : []
    })
    const processes = [...this.#seen.values()].filter((record) => !this.#processes.has(processKey(record)) && isRunning(record))
    return { resources, processes }
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
    return left
  }
}

/** True when nothing is left open. */
export function isEmpty(left: Leftovers): boolean {
  return left.resources.length === 0 && left.processes.length === 0
}

/** `TCPSocketWrap ×1, Timeout ×2; child processes still running: 4242 (sleep 30)`. */
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

function processKey(record: ProcessRecord): string {
  return `${record.pid}:${record.startTime}`
}
