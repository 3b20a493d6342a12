// Shared by the runBoltExecution tests: drains the generator, keeping what it threw.
import type { NodeEvent } from 'capstan'

/** Every event the generator yielded, and the error it threw (if any). */
export async function collectEvents(events: AsyncIterable<NodeEvent>): Promise<{ events: NodeEvent[]; error?: unknown }> {
  const seen: NodeEvent[] = []
  try {
    for await (const event of events) seen.push(event)
  } catch (error) {
    return { events: seen, error }
  }
  return { events: seen }
}

/** True while a process with this pid (or, negative, this process group) exists. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Waits until `check` is true, polling, or fails after `ms`. */
export async function eventually(check: () => boolean, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}
