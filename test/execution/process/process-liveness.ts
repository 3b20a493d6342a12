import { readFileSync } from 'node:fs'

/**
 * True while `pid` is a running process. An exited process that nobody has reaped
 * yet (a zombie: state Z in /proc) counts as gone — orphans are reparented to PID 1,
 * and in some sandboxes PID 1 never reaps them, so `kill(pid, 0)` alone would keep
 * saying "alive" for a process that is dead.
 */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false
    throw error
  }
  try {
    // The state follows the command name in parentheses, which may itself contain spaces or ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z'
  } catch {
    // Gone between the two checks, or no /proc (macOS): trust kill(pid, 0).
    return true
  }
}

/** Waits until none of `pids` is running; rejects naming the survivors after `timeoutMs`. */
export async function waitUntilGone(pids: readonly number[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const alive = pids.filter(isRunning)
    if (alive.length === 0) return
    if (Date.now() > deadline) throw new Error(`still running after ${timeoutMs} ms: ${alive.join(', ')}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/** Kills whatever a failed test left behind, so one failure does not leak processes into the next. */
export function killLeftovers(pids: readonly number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL')
    } catch {
      // Already gone: that is the point.
    }
  }
}
