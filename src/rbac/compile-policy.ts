import type { Principal } from '../capabilities/provider-context.js'
import { compileCapabilityPattern, compileNodePattern } from './compile-pattern.js'
import type { PermissionDecision } from './permission-decision.js'
import type { PermissionReach } from './permission-reach.js'
import type { PermissionScope, ScopeNode } from './permission-scope.js'
import type { Policy, PolicyRule, RolePolicy } from './policy.js'
import { validatePolicy } from './validate-policy.js'

/** A policy compiled for repeated checks; see {@link compilePolicy}. */
export interface PolicyChecker {
  /** Decides whether `principal` may use `permission` on the nodes in `scope`. */
  check(principal: Principal | undefined, permission: string, scope?: PermissionScope): PermissionDecision
  /**
   * Which nodes `principal` may use `permission` on, from the policy alone,
   * for resolving targets among them. For every node `n`,
   * `check(principal, permission, { nodes: [n] })` allows exactly when the
   * reach is `all`, or `some` and `permits(n)`.
   */
  reach(principal: Principal | undefined, permission: string): PermissionReach
}

interface CompiledRule {
  /** Where the rule sits in the policy, e.g. `roles.ops.allow[2]`. */
  path: string
  /** The rule as written, for reasons. */
  text: string
  matchesPermission: (permission: string) => boolean
  /** Absent for a rule that is not limited to nodes. */
  matchesNode?: (node: ScopeNode) => boolean
}

interface CompiledRole {
  allow: CompiledRule[]
  deny: CompiledRule[]
}

const allowEverything: PolicyChecker = Object.freeze({
  check: (): PermissionDecision => ({ allowed: true, reason: 'no RBAC policy is configured, so every call is allowed' }),
  reach: (): PermissionReach => ({ kind: 'all' }),
})

/**
 * Validates a policy and compiles its patterns once, for a host that checks
 * every call. Semantics (see docs/rbac.md):
 *
 * - No policy (`undefined`): everything is allowed.
 * - Under a policy, a call without a principal is denied.
 * - A matching deny of any of the principal's roles wins over every allow.
 *   A node-scoped deny matches when ANY node in scope matches it.
 * - Otherwise the call is allowed only when an allow covers it: an allow
 *   without `nodes` covers every call; node-scoped allows cover a call when
 *   EVERY node in scope is matched by one of them (so a role for `web*` and a
 *   role for `db*` together cover a call on both). Without nodes in scope,
 *   node-scoped allows cover nothing.
 * - Roles the policy does not define grant nothing.
 *
 * @throws CapstanError CONFIG_ERROR when the policy is not valid.
 */
export function compilePolicy(policy: Policy | undefined): PolicyChecker {
  if (policy === undefined) return allowEverything
  const valid = validatePolicy(policy)
  const roles = new Map<string, CompiledRole>(Object.entries(valid.roles).map(([name, role]) => [name, compileRole(name, role)]))
  return Object.freeze({
    check: (principal: Principal | undefined, permission: string, scope?: PermissionScope): PermissionDecision =>
      decide(roles, principal, permission, scope?.nodes ?? []),
    reach: (principal: Principal | undefined, permission: string): PermissionReach => reachOf(roles, principal, permission),
  })
}

function heldRoles(roles: ReadonlyMap<string, CompiledRole>, principal: Principal): CompiledRole[] {
  const held: CompiledRole[] = []
  for (const name of new Set(principal.roles)) {
    const role = roles.get(name)
    if (role !== undefined) held.push(role)
  }
  return held
}

function reachOf(roles: ReadonlyMap<string, CompiledRole>, principal: Principal | undefined, permission: string): PermissionReach {
  if (principal === undefined) return { kind: 'none' }
  const held = heldRoles(roles, principal)
  const denies = held.flatMap((role) => role.deny.filter((rule) => rule.matchesPermission(permission)))
  if (denies.some((rule) => rule.matchesNode === undefined)) return { kind: 'none' }
  const allows = held.flatMap((role) => role.allow.filter((rule) => rule.matchesPermission(permission)))
  if (allows.length === 0) return { kind: 'none' }
  const unscoped = allows.some((rule) => rule.matchesNode === undefined)
  if (unscoped && denies.length === 0) return { kind: 'all' }
  const denied = denies.map((rule) => rule.matchesNode as (node: ScopeNode) => boolean)
  const allowed = allows.map((rule) => rule.matchesNode)
  return {
    kind: 'some',
    permits: (node) => (unscoped || allowed.some((matches) => matches?.(node) === true)) && !denied.some((matches) => matches(node)),
  }
}

function decide(
  roles: ReadonlyMap<string, CompiledRole>,
  principal: Principal | undefined,
  permission: string,
  nodes: readonly ScopeNode[],
): PermissionDecision {
  if (principal === undefined) return { allowed: false, reason: 'an RBAC policy is configured and the call has no principal' }
  const held = heldRoles(roles, principal)

  for (const role of held) {
    for (const rule of role.deny) {
      if (!rule.matchesPermission(permission)) continue
      if (rule.matchesNode === undefined) return { allowed: false, reason: `denied by ${rule.path} (${rule.text})`, rule: rule.path }
      const hit = nodes.find(rule.matchesNode)
      if (hit !== undefined) return { allowed: false, reason: `denied on node ${hit.id} by ${rule.path} (${rule.text})`, rule: rule.path }
    }
  }

  const allows = held.flatMap((role) => role.allow.filter((rule) => rule.matchesPermission(permission)))
  const unscoped = allows.find((rule) => rule.matchesNode === undefined)
  if (unscoped !== undefined) return { allowed: true, reason: `allowed by ${unscoped.path} (${unscoped.text})`, rule: unscoped.path }
  if (allows.length === 0) return { allowed: false, reason: `no allow rule of the principal's roles matches ${permission}` }
  if (nodes.length === 0) {
    return { allowed: false, reason: `only node-scoped allow rules match ${permission}, and the call names no nodes` }
  }
  const used = new Set<string>()
  for (const node of nodes) {
    const rule = allows.find((candidate) => candidate.matchesNode?.(node) === true)
    if (rule === undefined) return { allowed: false, reason: `no allow rule for ${permission} covers node ${node.id}` }
    used.add(rule.path)
  }
  const paths = [...used].join(', ')
  return { allowed: true, reason: `allowed on every node in scope by ${paths}`, rule: paths }
}

function compileRole(name: string, role: RolePolicy): CompiledRole {
  const prefix = `roles.${name}`
  return {
    allow: (role.allow ?? []).map((rule, index) => compileRule(`${prefix}.allow[${index}]`, rule)),
    deny: (role.deny ?? []).map((rule, index) => compileRule(`${prefix}.deny[${index}]`, rule)),
  }
}

function compileRule(path: string, rule: PolicyRule): CompiledRule {
  if (typeof rule === 'string') return { path, text: rule, matchesPermission: compileCapabilityPattern(rule) }
  const matchesPermission = compileCapabilityPattern(rule.capability)
  if (rule.nodes === undefined) return { path, text: rule.capability, matchesPermission }
  const nodeMatchers = rule.nodes.map(compileNodePattern)
  return {
    path,
    text: `${rule.capability} on ${rule.nodes.join(', ')}`,
    matchesPermission,
    matchesNode: (node) => nodeMatchers.some((matches) => matches(node)),
  }
}
