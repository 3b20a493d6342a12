// Processes on this machine, read from /proc: whether one still runs, and who
// is in a process group. What suites that stop processes check was stopped.
import { readdirSync, readFileSync } from 'node:fs'

/**
 * The fields of /proc/<pid>/stat after the command name (state, ppid, pgrp,
 * ...), or undefined when the process is gone. The name is in parentheses and
 * may itself contain spaces or ')', so the fields start after the last ')'.
 */
function statFields(pid: number | string): string[] | undefined {
  let stat: string
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  } catch {
    return undefined
  }
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')
}

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
  // Gone between the two checks, or no /proc (macOS): trust kill(pid, 0).
  return statFields(pid)?.[0] !== 'Z'
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

/** Pids of the processes (not zombies) in process group `pgid`, from /proc. */
export function processGroupMembers(pgid: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      const fields = statFields(entry)
      return fields !== undefined && fields[0] !== 'Z' && Number(fields[2]) === pgid
    })
    .map(Number)
}
