import { describe, expect, it } from 'vitest'
import { checkPermission, type Policy } from 'capstan'
import { permissionDenied } from 'capstan/plugin-kit'

describe('permissionDenied', () => {
  it('names the principal id and the capability and nothing about the policy', () => {
    const policy: Policy = { roles: { 'secret-role': { allow: ['inventory.*'], deny: [{ capability: 'command.*', nodes: ['group:vault'] }] } } }
    const principal = { id: 'alice', roles: ['secret-role'] }
    const decision = checkPermission(policy, principal, 'command.execute', { nodes: [{ id: 'vault01', groups: ['vault'] }] })
    expect(decision.allowed).toBe(false)

    const error = permissionDenied(principal, 'command.execute')
    expect(error.code).toBe('PERMISSION_DENIED')
    expect(error.retryable).toBe(false)
    expect(error.message).toBe('Principal "alice" may not call "command.execute"')
    expect(error.details).toEqual({ principal: 'alice', capability: 'command.execute' })
    const everything = JSON.stringify(error.toJSON())
    for (const leak of ['secret-role', 'vault', 'deny', 'roles', decision.rule ?? 'roles.']) expect(everything).not.toContain(leak)
  })

  it('says when there is no principal', () => {
    const error = permissionDenied(undefined, 'inventory.list')
    expect(error.message).toBe('A caller without a principal may not call "inventory.list"')
    expect(error.details).toEqual({ principal: undefined, capability: 'inventory.list' })
  })
})
