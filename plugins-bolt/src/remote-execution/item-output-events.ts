import type { BoltItem } from '../bolt-cli/bolt-item.js'
import type { NodeOutputEvent } from './node-event-members.js'

/**
 * The `node:output` events that replay a target's output from its item, for a
 * target whose output was not streamed (Bolt streams commands and scripts
 * only, and only with `--stream`): `value.stdout` then `value.stderr` for
 * commands and scripts; a task's `_output` (its raw text) as stdout, so a task
 * result has its stdout as with the local plugin. The interleaving of the two
 * streams is lost: Bolt's `merged_output` has it, but no stream labels.
 */
export function itemOutputEvents(item: BoltItem, node: string): NodeOutputEvent[] {
  const { stdout, stderr, _output: output } = item.value
  const events: NodeOutputEvent[] = []
  const out = typeof stdout === 'string' ? stdout : typeof output === 'string' ? output : ''
  if (out !== '') events.push({ type: 'node:output', node, stream: 'stdout', chunk: out })
  if (typeof stderr === 'string' && stderr !== '') events.push({ type: 'node:output', node, stream: 'stderr', chunk: stderr })
  return events
}
