import { setTimeout as delay } from 'node:timers/promises'
import { killProcessGroup } from './kill-process-group.js'

// How often to look whether the group has emptied, so SIGKILL's timer does not keep
// Node alive for the whole grace period once everything has gone.
const POLL_INTERVAL_MS = 50

/**
 * Stops a whole process group: SIGTERM to every member now, then SIGKILL to
 * whatever is left after `graceMs`, including grandchildren that outlive the
 * leader or ignore SIGTERM. When `killSignal` aborts (or has), SIGKILL goes
 * at once, without waiting for the rest of the grace.
 *
 * The timers are deliberately not unref'd: a Node process must not exit while a
 * member that ignored SIGTERM is still waiting for its SIGKILL. Exited members
 * nobody has reaped (zombies) still count as members, so where nothing reaps
 * orphans the wait lasts the full grace period and ends with a harmless SIGKILL.
 *
 * @returns resolves once the group is gone or SIGKILL has been sent; rejects only
 *   if the group cannot be signalled at all (EPERM).
 */
export async function terminateProcessGroup(pid: number, graceMs: number, killSignal?: AbortSignal): Promise<void> {
  if (!killProcessGroup(pid, 'SIGTERM')) return
  const deadline = performance.now() + graceMs
  for (;;) {
    const left = deadline - performance.now()
    if (left <= 0 || killSignal?.aborted === true) {
      killProcessGroup(pid, 'SIGKILL')
      return
    }
    try {
      await delay(Math.min(POLL_INTERVAL_MS, left), undefined, killSignal === undefined ? undefined : { signal: killSignal })
    } catch {
      continue // killSignal aborted: SIGKILL now
    }
    if (!killProcessGroup(pid, 0)) return
  }
}
