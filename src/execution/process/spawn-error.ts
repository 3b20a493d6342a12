import { stat } from 'node:fs/promises'
import { CapstanError } from '../../errors/capstan-error.js'

/**
 * The error for a child process that could not be started: NOT_FOUND when the
 * executable (or the working directory) does not exist, PLUGIN_ERROR otherwise.
 * The message names the executable and the errno, never the arguments, which may
 * hold secrets; the errno is `details.reason` and the system error is kept as `cause`.
 */
export async function spawnError(executable: string, error: unknown, cwd?: string): Promise<CapstanError> {
  const errno = (error as NodeJS.ErrnoException | undefined)?.code
  const details = { executable, ...(errno === undefined ? {} : { reason: errno }), ...(cwd === undefined ? {} : { cwd }) }
  if (errno === 'ENOENT') {
    // Node reports a missing working directory as the executable's ENOENT; look, so the message points at the right path.
    const missingCwd = cwd !== undefined && !(await isDirectory(cwd))
    const message = missingCwd
      ? `Cannot run "${executable}": working directory "${cwd}" does not exist (ENOENT)`
      : `Cannot run "${executable}": no such executable (ENOENT)`
    return new CapstanError('NOT_FOUND', { message, details, cause: error })
  }
  const reason = errno === 'EACCES' ? 'permission denied, it is not executable (EACCES)' : (errno ?? 'spawn failed')
  return new CapstanError('PLUGIN_ERROR', { message: `Cannot run "${executable}": ${reason}`, details, cause: error })
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory()
  } catch {
    return false
  }
}
