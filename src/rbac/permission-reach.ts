import type { ScopeNode } from './permission-scope.js'

/**
 * Which nodes a principal may use a permission on, decided from the policy
 * alone (see {@link PolicyChecker.reach}):
 *
 * - `none`: no node, so the call is refused before anything is resolved;
 * - `all`: every node (an unscoped allow, and no node-scoped deny);
 * - `some`: the nodes `permits` accepts. The host resolves targets among
 *   those only, so what lies outside them looks exactly like nothing.
 */
export type PermissionReach =
  | { kind: 'none' }
  | { kind: 'all' }
  | { kind: 'some'; permits: (node: ScopeNode) => boolean }
