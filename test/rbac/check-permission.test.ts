import { describe, expect, it } from 'vitest'
import { checkPermission, compilePolicy, type Policy, type Principal, type ScopeNode } from '../../src/rbac/index.js'

const node = (id: string, groups: string[] = [], extra: Partial<ScopeNode> = {}): ScopeNode => ({ id, groups, ...extra })
const web1 = node('web01.example.com', ['web'])
const web2 = node('web02.example.com', ['web'])
const db1 = node('db01.example.com', ['db', 'production'])
const alice: Principal = { id: 'alice', roles: ['viewer'] }
const olga: Principal = { id: 'olga', roles: ['operator'] }

const policy: Policy = {
  roles: {
    viewer: { allow: ['inventory.*', 'facts.get'] },
    operator: {
      allow: ['inventory.*', { capability: 'command.execute', nodes: ['web*'] }],
      deny: [{ capability: 'command.*', nodes: ['group:production'] }],
    },
    dba: { allow: [{ capability: 'command.execute', nodes: ['group:db'] }] },
    auditor: { allow: ['*'], deny: ['command.execute', 'task.*'] },
  },
}

describe('checkPermission', () => {
  it('allows everything when there is no policy, even without a principal', () => {
    expect(checkPermission(undefined, undefined, 'command.execute')).toMatchObject({ allowed: true })
    expect(checkPermission(undefined, alice, 'anything.at.all', { nodes: [db1] })).toMatchObject({ allowed: true })
  })

  it('denies a call without a principal under a policy', () => {
    expect(checkPermission(policy, undefined, 'inventory.list')).toMatchObject({ allowed: false })
  })

  it('allows what an unscoped allow matches and names the rule', () => {
    expect(checkPermission(policy, alice, 'inventory.list')).toEqual({
      allowed: true,
      reason: 'allowed by roles.viewer.allow[0] (inventory.*)',
      rule: 'roles.viewer.allow[0]',
    })
    expect(checkPermission(policy, alice, 'facts.get')).toMatchObject({ allowed: true, rule: 'roles.viewer.allow[1]' })
  })

  it('denies what no allow matches', () => {
    expect(checkPermission(policy, alice, 'command.execute', { nodes: [web1] })).toMatchObject({ allowed: false })
    expect(checkPermission(policy, alice, 'inventory')).toMatchObject({ allowed: false })
  })

  it('denies a principal whose roles the policy does not define', () => {
    expect(checkPermission(policy, { id: 'eve', roles: ['root'] }, 'inventory.list')).toMatchObject({ allowed: false })
    expect(checkPermission(policy, { id: 'eve', roles: [] }, 'inventory.list')).toMatchObject({ allowed: false })
  })

  it('lets an unscoped deny win over an allow of the same role', () => {
    const auditor: Principal = { id: 'ann', roles: ['auditor'] }
    expect(checkPermission(policy, auditor, 'reports.query')).toMatchObject({ allowed: true })
    expect(checkPermission(policy, auditor, 'command.execute')).toMatchObject({ allowed: false, rule: 'roles.auditor.deny[0]' })
    expect(checkPermission(policy, auditor, 'task.execute')).toMatchObject({ allowed: false, rule: 'roles.auditor.deny[1]' })
  })

  it("lets a deny of one role win over another role's allow", () => {
    const both: Principal = { id: 'bo', roles: ['auditor', 'operator'] }
    expect(checkPermission(policy, both, 'command.execute', { nodes: [web1] })).toMatchObject({ allowed: false })
  })

  describe('node-scoped allow', () => {
    it('applies when every node in scope matches', () => {
      expect(checkPermission(policy, olga, 'command.execute', { nodes: [web1, web2] })).toMatchObject({
        allowed: true,
        rule: 'roles.operator.allow[1]',
      })
    })

    it('does not apply when one node in scope does not match', () => {
      const other = node('mail01.example.com')
      const decision = checkPermission(policy, olga, 'command.execute', { nodes: [web1, other] })
      expect(decision).toMatchObject({ allowed: false })
      expect(decision.reason).toContain('mail01.example.com')
    })

    it('does not apply when the call names no nodes', () => {
      expect(checkPermission(policy, olga, 'command.execute')).toMatchObject({ allowed: false })
      expect(checkPermission(policy, olga, 'command.execute', { nodes: [] })).toMatchObject({ allowed: false })
    })

    it('matches by name and aliases as well as id', () => {
      const byAlias = node('i-0abc', [], { aliases: ['web07'] })
      const byName = node('i-0def', [], { name: 'web08' })
      expect(checkPermission(policy, olga, 'command.execute', { nodes: [byAlias, byName] })).toMatchObject({ allowed: true })
    })

    it('lets node-scoped allows of several roles together cover the scope', () => {
      const both: Principal = { id: 'dora', roles: ['operator', 'dba'] }
      const db2 = node('db02.example.com', ['db'])
      const decision = checkPermission(policy, both, 'command.execute', { nodes: [web1, db2] })
      expect(decision).toMatchObject({ allowed: true, rule: 'roles.operator.allow[1], roles.dba.allow[0]' })
    })
  })

  describe('node-scoped deny', () => {
    it('applies when any node in scope matches', () => {
      const prodWeb = node('web09.example.com', ['web', 'production'])
      const decision = checkPermission(policy, olga, 'command.execute', { nodes: [web1, prodWeb] })
      expect(decision).toMatchObject({ allowed: false, rule: 'roles.operator.deny[0]' })
      expect(decision.reason).toContain('web09.example.com')
    })

    it('does not apply to nodes outside it, or to calls that name no nodes', () => {
      const both: Principal = { id: 'dora', roles: ['operator', 'dba'] }
      expect(checkPermission(policy, both, 'command.execute', { nodes: [web1] })).toMatchObject({ allowed: true })
      expect(checkPermission(policy, olga, 'inventory.list')).toMatchObject({ allowed: true })
    })

    it('wins over an allow of another role for the same node', () => {
      const both: Principal = { id: 'dora', roles: ['operator', 'dba'] }
      expect(checkPermission(policy, both, 'command.execute', { nodes: [db1] })).toMatchObject({ allowed: false })
    })
  })

  it('decides the same through a compiled checker', () => {
    const checker = compilePolicy(policy)
    for (const [principal, permission, nodes] of [
      [olga, 'command.execute', [web1]],
      [olga, 'command.execute', [db1]],
      [alice, 'facts.get', []],
      [undefined, 'facts.get', []],
    ] as const) {
      expect(checker.check(principal, permission, { nodes })).toEqual(checkPermission(policy, principal, permission, { nodes }))
    }
  })

  it('rejects an invalid policy with CONFIG_ERROR when compiled', () => {
    const bad = { roles: { ops: { allow: ['!command.*'] } } } as Policy
    expect(() => compilePolicy(bad)).toThrow(expect.objectContaining({ code: 'CONFIG_ERROR' }))
  })
})
