import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { NodeFilter, SourceNode } from 'capstan'

const root = fileURLToPath(new URL('../..', import.meta.url))
const child = fileURLToPath(new URL('./filter-child.ts', import.meta.url))

/** What the child reported, or that it was killed at the bound. */
export type ChildFilterOutcome = { ids: string[] } | { code?: string; message?: string } | { killed: true }

/**
 * Filters `nodes` in a separate Node process (filter-child.ts), killed after
 * `killAfterMs`: a filter that backtracks catastrophically blocks its whole
 * thread, so only another process can stop it and let the test fail instead
 * of hanging the run. The bound is generous, not a speed goal: the answer is
 * what the test checks.
 */
export function filterInChild(mode: 'host' | 'matcher', nodes: SourceNode[], filter: NodeFilter, killAfterMs = 30_000): Promise<ChildFilterOutcome> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--import', 'tsx', child, JSON.stringify({ mode, nodes, filter })], { cwd: root, timeout: killAfterMs }, (error, stdout) => {
      if (error !== null && error.killed === true) return resolve({ killed: true })
      if (error !== null) return reject(error)
      resolve(JSON.parse(stdout.trim().split('\n').at(-1) ?? 'null') as ChildFilterOutcome)
    })
  })
}
