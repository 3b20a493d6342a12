import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { checkPermission, compilePolicy, type Policy, type PolicyRule, type Principal, type ScopeNode } from '../../src/rbac/index.js'

// Small pools so random policies often match the random calls.
const roleNames = ['viewer', 'operator', 'dba', 'auditor']
const capabilityPatterns = ['*', 'inventory.*', 'command.*', 'command.execute', 'facts.get', '*.get', 'inventory.list', 'task.execute', '*.execute']
const permissions = ['inventory.list', 'inventory.get', 'command.execute', 'facts.get', 'task.execute', 'reports.query']
const nodePatterns = ['web*', 'db*', 'group:web', 'group:db', 'group:prod', '*', 'WEB01', 'mail*']
const nodePool: ScopeNode[] = [
  { id: 'web01', groups: ['web', 'prod'] },
  { id: 'web02', groups: ['web'] },
  { id: 'db01', groups: ['db', 'prod'] },
  { id: 'mail01', groups: [] },
  { id: 'i-123', name: 'build', aliases: ['web99'], groups: [] },
]

const ruleArb = (patterns: string[]): fc.Arbitrary<PolicyRule> =>
  fc.oneof(
    fc.constantFrom(...patterns),
    fc.record({ capability: fc.constantFrom(...patterns), nodes: fc.subarray(nodePatterns, { minLength: 1 }) }),
    fc.record({ capability: fc.constantFrom(...patterns) }),
  )
const policyArb = (patterns = capabilityPatterns): fc.Arbitrary<Policy> =>
  fc.record({
    roles: fc.dictionary(
      fc.constantFrom(...roleNames),
      fc.record({ allow: fc.array(ruleArb(patterns), { maxLength: 4 }), deny: fc.array(ruleArb(patterns), { maxLength: 2 }) }, { requiredKeys: [] }),
    ),
  })
const principalArb: fc.Arbitrary<Principal> = fc.record({
  id: fc.string({ minLength: 1, maxLength: 8 }),
  roles: fc.subarray([...roleNames, 'undefined-role']),
})
const maybePrincipalArb = fc.option(principalArb, { nil: undefined })
const permissionArb = fc.constantFrom(...permissions)
const nodesArb = fc.subarray(nodePool)

/** Reference semantics from docs/rbac.md, written the plain way. */
function glob(pattern: string, flags = ''): RegExp {
  return new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, flags)
}
function nodeMatches(pattern: string, node: ScopeNode): boolean {
  if (pattern.startsWith('group:')) return node.groups.some((g) => glob(pattern.slice(6), 'i').test(g))
  return [node.id, node.name, ...(node.aliases ?? [])].some((name) => name !== undefined && glob(pattern, 'i').test(name))
}
function referenceAllowed(policy: Policy | undefined, principal: Principal | undefined, permission: string, nodes: ScopeNode[]): boolean {
  if (policy === undefined) return true
  if (principal === undefined) return false
  const roles = principal.roles.flatMap((r) => (Object.hasOwn(policy.roles, r) ? [policy.roles[r]!] : []))
  const normal = (rule: PolicyRule) => (typeof rule === 'string' ? { capability: rule, nodes: undefined } : rule)
  const matching = (rules: PolicyRule[]) => rules.map(normal).filter((rule) => glob(rule.capability).test(permission))
  const denies = matching(roles.flatMap((r) => r.deny ?? []))
  if (denies.some((rule) => rule.nodes === undefined || nodes.some((n) => rule.nodes!.some((p) => nodeMatches(p, n))))) return false
  const allows = matching(roles.flatMap((r) => r.allow ?? []))
  if (allows.some((rule) => rule.nodes === undefined)) return true
  return nodes.length > 0 && nodes.every((n) => allows.some((rule) => rule.nodes?.some((p) => nodeMatches(p, n))))
}

describe('checkPermission properties', () => {
  it('agrees with the reference semantics on random policies, principals and scopes', () => {
    fc.assert(
      fc.property(fc.option(policyArb(), { nil: undefined }), maybePrincipalArb, permissionArb, nodesArb, (policy, principal, permission, nodes) => {
        expect(checkPermission(policy, principal, permission, { nodes }).allowed).toBe(referenceAllowed(policy, principal, permission, nodes))
      }),
      { numRuns: 2_000 },
    )
  })

  it('deny wins: a matching deny in any role of the principal denies, whatever else the policy allows', () => {
    const matchingDeny = (permission: string, nodes: ScopeNode[]): fc.Arbitrary<PolicyRule> => {
      const unscoped = fc.constantFrom<PolicyRule>('*', permission, { capability: permission })
      if (nodes.length === 0) return unscoped
      return fc.oneof(unscoped, fc.constantFrom(...nodes).map((node): PolicyRule => ({ capability: permission, nodes: [node.id] })))
    }
    const scenario = fc
      .tuple(policyArb(), principalArb.filter((p) => p.roles.length > 0), permissionArb, nodesArb)
      .chain(([policy, principal, permission, nodes]) =>
        fc.tuple(fc.constant(policy), fc.constant(principal), fc.constant(permission), fc.constant(nodes), fc.constantFrom(...principal.roles), matchingDeny(permission, nodes)),
      )
    fc.assert(
      fc.property(scenario, ([policy, principal, permission, nodes, role, deny]) => {
        const existing = Object.hasOwn(policy.roles, role) ? policy.roles[role]! : {}
        const withDeny: Policy = { roles: { ...policy.roles, [role]: { ...existing, deny: [...(existing.deny ?? []), deny] } } }
        expect(checkPermission(withDeny, principal, permission, { nodes }).allowed).toBe(false)
      }),
      { numRuns: 1_000 },
    )
  })

  it('a principal with no matching allow is denied under a policy', () => {
    // No pattern in this pool matches `secret.rotate`, so no allow can cover it.
    const patterns = capabilityPatterns.filter((p) => p !== '*')
    fc.assert(
      fc.property(policyArb(patterns), maybePrincipalArb, nodesArb, (policy, principal, nodes) => {
        expect(checkPermission(policy, principal, 'secret.rotate', { nodes }).allowed).toBe(false)
      }),
    )
  })

  it('no policy allows every call', () => {
    fc.assert(
      fc.property(maybePrincipalArb, fc.string(), nodesArb, (principal, permission, nodes) => {
        expect(checkPermission(undefined, principal, permission, { nodes }).allowed).toBe(true)
      }),
    )
  })

  it('adding a deny never turns a denial into an allow, adding an allow never turns an allow into a denial', () => {
    fc.assert(
      fc.property(
        policyArb(),
        principalArb,
        permissionArb,
        nodesArb,
        fc.constantFrom(...roleNames),
        ruleArb(capabilityPatterns),
        fc.boolean(),
        (policy, principal, permission, nodes, role, rule, asDeny) => {
          const before = checkPermission(policy, principal, permission, { nodes }).allowed
          const existing = Object.hasOwn(policy.roles, role) ? policy.roles[role]! : {}
          const key = asDeny ? 'deny' : 'allow'
          const after = checkPermission({ roles: { ...policy.roles, [role]: { ...existing, [key]: [...(existing[key] ?? []), rule] } } }, principal, permission, {
            nodes,
          }).allowed
          if (asDeny && !before) expect(after).toBe(false)
          if (!asDeny && before) expect(after).toBe(true)
        },
      ),
      { numRuns: 1_000 },
    )
  })

  it('reach agrees with check node by node: none allows no node, all every node, some exactly the nodes permits accepts', () => {
    fc.assert(
      fc.property(fc.option(policyArb(), { nil: undefined }), maybePrincipalArb, permissionArb, (policy, principal, permission) => {
        const checker = compilePolicy(policy)
        const reach = checker.reach(principal, permission)
        for (const node of nodePool) {
          const allowed = checker.check(principal, permission, { nodes: [node] }).allowed
          expect(allowed).toBe(reach.kind === 'all' || (reach.kind === 'some' && reach.permits(node)))
        }
        // `none` and `all` are decided by the policy alone, so no node can contradict them.
        if (reach.kind === 'none') expect(checker.check(principal, permission).allowed).toBe(false)
      }),
      { numRuns: 2_000 },
    )
  })
})
