import type { Node } from '../../capabilities/models/node.js'
import type { SourceOutcome } from '../../capabilities/models/source-outcome.js'
import { CapstanError } from '../../errors/capstan-error.js'
import { echo } from '../../errors/validation-error.js'

/**
 * The node of an `inventory.get` result, or NOT_FOUND naming the node and the
 * sources that did not answer (one of them may know it).
 */
export function nodeOrNotFound(result: { node: Node | null; sources: SourceOutcome[] }, node: string): Node {
  if (result.node !== null) return result.node
  const failed = result.sources.filter((s) => !s.ok).map((s) => s.plugin)
  const note = failed.length > 0 ? ` (sources that did not answer: ${failed.join(', ')})` : ''
  throw new CapstanError('NOT_FOUND', { message: `No inventory source knows node ${echo(node)}${note}`, details: { node, field: 'node', sources: result.sources } })
}
