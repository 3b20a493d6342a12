/** The kinds of handle the abort check counts, as `process.getActiveResourcesInfo()` names them: connections, pipes and child processes. */
const COUNTED = new Set(['TCPSocketWrap', 'TCPServerWrap', 'PipeWrap', 'PipeServerWrap', 'ProcessWrap', 'UDPWrap'])

/**
 * Connections, pipes and child processes open now beyond those open when it
 * was created, counted by type with `process.getActiveResourcesInfo()`. A
 * pool that replaces a connection it had, or reuses one, adds none; only a
 * net increase counts. Timers are not counted: long-lived state may re-arm
 * its own while the work runs.
 */
export class ActiveResourceDelta {
  readonly #before = countActive()

  /** The counted handles open beyond the start, by type, e.g. `['ProcessWrap', 1]`. */
  open(): Array<[name: string, count: number]> {
    return [...countActive()].flatMap(([name, count]): Array<[string, number]> => {
      const extra = count - (this.#before.get(name) ?? 0)
      return extra > 0 ? [[name, extra]] : []
    })
  }

  /** Nothing to stop: it only reads counts. */
  stop(): void {}
}

function countActive(): Map<string, number> {
  const counts = new Map<string, number>()
  for (const name of process.getActiveResourcesInfo()) if (COUNTED.has(name)) counts.set(name, (counts.get(name) ?? 0) + 1)
  return counts
}
