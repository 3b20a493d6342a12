import { spawn } from 'node:child_process'

/**
 * Runs a bench worker in a fresh Node process (`node --expose-gc --import tsx
 * <script> <args>`), so its RSS is its own, and resolves with the JSON its
 * last line of stdout holds. A worker that fails, hangs past `timeoutMs` or
 * prints no result rejects with what it printed.
 */
export function runWorker<T>(script: string, args: readonly string[], timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', script, ...args], { stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text))
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text))
    child.once('error', reject)
    child.once('close', (code, signal) => {
      const name = `${script.split('/').at(-1)} ${args.join(' ')}`
      if (code !== 0) return reject(new Error(`${name} ended with ${code ?? signal}: ${stderr.trim() || stdout.trim()}`))
      try {
        resolve(JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as T)
      } catch {
        reject(new Error(`${name} printed no result: ${stdout.trim()} ${stderr.trim()}`))
      }
    })
  })
}
