import type { SourceNode } from '../capabilities/models/node.js'

/** One node as one source reported it: the input of {@link linkNodes}. */
export interface SourceRecord {
  /** Name of the plugin that reported the node. */
  source: string
  /** The node as that plugin reported it. */
  node: SourceNode
}
