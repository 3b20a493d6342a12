/**
 * A node as RBAC sees it: the fields node patterns match. A linked `Node`
 * from inventory fits as it is.
 */
export interface ScopeNode {
  /** Canonical name (certname / FQDN). */
  id: string
  /** Display name. */
  name?: string | undefined
  /** Other names the node is known by. */
  aliases?: readonly string[] | undefined
  /** Groups the node belongs to, matched by `group:` patterns. */
  groups: readonly string[]
}

/**
 * What a call acts on. For targeted capabilities the host passes the resolved
 * nodes; without nodes, node-scoped rules neither allow nor deny.
 */
export interface PermissionScope {
  /** The resolved nodes the call acts on. */
  nodes?: readonly ScopeNode[] | undefined
}
