import { CapstanError } from '../../errors/capstan-error.js'

/**
 * Sends `signal` to every process in the group led by `pid` (`kill(-pid, signal)`),
 * so grandchildren go too. Signal 0 only probes whether the group still exists.
 *
 * @returns true when the signal was delivered, false when the group no longer
 *   exists (ESRCH), which is the normal outcome of a race with the exit.
 * @throws CapstanError VALIDATION_ERROR for a pid below 2: `kill(-1)` would signal
 *   every process we may signal and `kill(-0)` our own group.
 * @throws the system error for anything but ESRCH (EPERM).
 */
export function killProcessGroup(pid: number, signal: NodeJS.Signals | number): boolean {
  if (!Number.isSafeInteger(pid) || pid < 2) {
    throw new CapstanError('VALIDATION_ERROR', { message: `Not a process group id: ${String(pid)}`, details: { pid } })
  }
  try {
    process.kill(-pid, signal)
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false
    throw error
  }
}
