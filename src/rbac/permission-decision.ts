/**
 * The outcome of a permission check. `reason` and `rule` are for the host's
 * logs and audit trail; they name roles and rules, so they are never put into
 * the error a caller sees (see {@link capstan/plugin-kit!permissionDenied | permissionDenied}).
 */
export interface PermissionDecision {
  /** Whether the call may go ahead. */
  allowed: boolean
  /** Why, in one sentence. */
  reason: string
  /** Path of the deciding rule(s) in the policy, e.g. `roles.ops.deny[0]`; absent when no rule decided. */
  rule?: string | undefined
}
