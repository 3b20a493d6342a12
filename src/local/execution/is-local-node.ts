import type { Node } from '../../capabilities/models/node.js'

/**
 * Whether the local plugin may run on this node: `localhost` itself, or a
 * node whose transport is `local` (as in Bolt, where any target with the
 * local transport runs on the machine Bolt runs on).
 */
export function isLocalNode(node: Pick<Node, 'id' | 'transport'>): boolean {
  return node.id === 'localhost' || node.transport === 'local'
}
