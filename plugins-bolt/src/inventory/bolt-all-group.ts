/**
 * Bolt's implicit group that holds every target. Nodes do not list it in
 * their `groups` (every node is in it, so it says nothing, and the core's
 * local plugin leaves it out too); the `all` NodeGroup still lists every node.
 */
export const BOLT_ALL_GROUP = 'all'
