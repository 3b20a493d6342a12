import type { Principal } from '../capabilities/provider-context.js'
import { compilePolicy } from './compile-policy.js'
import type { PermissionDecision } from './permission-decision.js'
import type { PermissionScope } from './permission-scope.js'
import type { Policy } from './policy.js'

/**
 * Decides one call against a policy. Compiles the policy on every call, so a
 * host that checks many calls should keep a {@link compilePolicy} checker
 * instead; the two decide identically.
 *
 * Without a policy everything is allowed: an embedder that wants access
 * control must pass one.
 *
 * @example
 * ```ts
 * const decision = checkPermission(policy, { id: 'alice', roles: ['viewer'] }, 'command.execute', { nodes })
 * if (!decision.allowed) throw permissionDenied(principal, 'command.execute')
 * ```
 */
export function checkPermission(
  policy: Policy | undefined,
  principal: Principal | undefined,
  permission: string,
  scope?: PermissionScope,
): PermissionDecision {
  return compilePolicy(policy).check(principal, permission, scope)
}
