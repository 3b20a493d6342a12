// Processes on this machine, which is also the test sshd's server: what a
// remote command left running.
import { randomInt } from 'node:crypto'
import { execFileSync } from 'node:child_process'

/** Pids of processes on this machine (the server) whose command line contains `marker`. */
export function remoteProcesses(marker: string): string[] {
  try {
    return execFileSync('pgrep', ['-f', marker], { encoding: 'utf8' }).trim().split('\n').filter(Boolean)
  } catch {
    return []
  }
}

/**
 * `sleep 300.<7 random digits>`: a sleep whose own command line is its marker,
 * so {@link remoteProcesses} finds it (and only it) even once the shell that
 * started it is gone, whatever other suites on the same server are running.
 */
export function uniqueSleep(): string {
  return `sleep 300.${String(randomInt(10_000_000)).padStart(7, '0')}`
}
