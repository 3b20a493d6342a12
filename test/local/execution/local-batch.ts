import { readFileSync } from 'node:fs'
import type { Node, NodeEvent, ProviderContext } from 'capstan'
import { RecordingLogger } from 'capstan/testing'

// Helpers shared by the local execution and task tests (not a test file itself).

/** The implicit localhost node, as the host hands it to the plugin. */
export const localhost: Node = { id: 'localhost', name: 'localhost', aliases: [], transport: 'local', groups: [], sources: ['local'], sourceData: {} }

/** A node the local plugin must refuse. */
export const remote: Node = { id: 'web01.example.com', name: 'web01', aliases: [], transport: 'ssh', groups: [], sources: ['local'], sourceData: {} }

/** A provider context with a recording logger and the given signal. */
export function contextWith(signal: AbortSignal = new AbortController().signal): ProviderContext & { logger: RecordingLogger } {
  return { signal, logger: new RecordingLogger() }
}

/** Every event of a handler run. */
export async function collect(events: AsyncIterable<NodeEvent>): Promise<NodeEvent[]> {
  const out: NodeEvent[] = []
  for await (const event of events) out.push(event)
  return out
}

/** The concatenated output of one stream. */
export function outputOf(events: NodeEvent[], stream: 'stdout' | 'stderr' = 'stdout'): string {
  return events.flatMap((e) => (e.type === 'node:output' && e.stream === stream ? [e.chunk] : [])).join('')
}

/** The one `node:finished` event of `node`; fails when there is not exactly one. */
export function finishedOf(events: NodeEvent[], node = 'localhost'): Extract<NodeEvent, { type: 'node:finished' }> {
  const finished = events.filter((e): e is Extract<NodeEvent, { type: 'node:finished' }> => e.type === 'node:finished' && e.node === node)
  if (finished.length !== 1) throw new Error(`expected one node:finished for ${node}, got ${finished.length}`)
  return finished[0] as Extract<NodeEvent, { type: 'node:finished' }>
}

/** Whether a process is alive; a zombie (exited, not yet reaped by PID 1) counts as gone. */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch {
    return false
  }
  try {
    // /proc/<pid>/stat: "pid (comm) STATE ..."; comm may hold spaces, so read after the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z'
  } catch {
    return false
  }
}

/** Waits until none of `pids` runs, up to `ms`; returns those still running. */
export async function stillRunning(pids: number[], ms = 3000): Promise<number[]> {
  const deadline = Date.now() + ms
  for (;;) {
    const alive = pids.filter(isRunning)
    if (alive.length === 0 || Date.now() > deadline) return alive
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}
