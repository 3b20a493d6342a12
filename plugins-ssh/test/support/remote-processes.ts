// Processes on this machine, which is also the test sshd's server: what a
// remote command left running.
import { execFileSync } from 'node:child_process'

/** Pids of processes on this machine (the server) whose command line contains `marker`. */
export function remoteProcesses(marker: string): string[] {
  try {
    return execFileSync('pgrep', ['-f', marker], { encoding: 'utf8' }).trim().split('\n').filter(Boolean)
  } catch {
    return []
  }
}
