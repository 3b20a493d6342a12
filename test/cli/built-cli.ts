// The built `capstan` bin (dist/cli/capstan.js), run as a real process. The test
// run's global setup builds it when missing or stale (test/support/build-global-setup.ts).
import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The repository root. */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url))
/** dist/cli/capstan.js: the package's `capstan` bin. */
export const cliPath = join(repoRoot, 'dist', 'cli', 'capstan.js')

/** How one run of the bin ended. */
export interface CliRun {
  code: number | null
  stdout: string
  stderr: string
  /** Each stdout line with the time it arrived, ms after spawn. */
  lines: Array<{ text: string; at: number }>
  /** When the process exited, ms after spawn. */
  exitedAt: number
}

/** How {@link runCli} runs the bin. */
export interface RunCliOptions {
  cwd?: string
  env?: Record<string, string>
  /** Called with each complete stdout line as it arrives, and the process (to signal it). */
  onLine?: (text: string, child: ChildProcess) => void
}

/** Runs `capstan <args>` in `cwd` with NO_COLOR unset and no TTY. */
export function runCli(args: string[], options: RunCliOptions = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const started = Date.now()
    const child = spawn(process.execPath, [cliPath, ...args], { cwd: options.cwd ?? repoRoot, env: { ...process.env, NO_COLOR: '', FORCE_COLOR: '', ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    let partial = ''
    const lines: CliRun['lines'] = []
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk
      const parts = (partial + chunk).split('\n')
      partial = parts.pop() ?? ''
      for (const text of parts) {
        lines.push({ text, at: Date.now() - started })
        options.onLine?.(text, child)
      }
    })
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    child.once('error', reject)
    child.once('close', (code) => resolve({ code, stdout, stderr, lines, exitedAt: Date.now() - started }))
  })
}
