import { describe, expect, it } from 'vitest'
import { checkPermission, policyFromManifests } from '../../src/rbac/index.js'

describe('policyFromManifests', () => {
  it('turns default permissions into allow rules, united across plugins without duplicates', () => {
    const policy = policyFromManifests([
      { name: 'bolt', permissions: { operator: ['command.*', 'task.*'], viewer: ['inventory.*'] } },
      { name: 'puppetdb', permissions: { viewer: ['inventory.*', 'facts.get', 'reports.*'] } },
      { name: 'local' },
    ])
    expect(policy).toEqual({
      roles: {
        operator: { allow: ['command.*', 'task.*'] },
        viewer: { allow: ['inventory.*', 'facts.get', 'reports.*'] },
      },
    })
    expect(checkPermission(policy, { id: 'v', roles: ['viewer'] }, 'reports.query').allowed).toBe(true)
    expect(checkPermission(policy, { id: 'v', roles: ['viewer'] }, 'command.execute').allowed).toBe(false)
  })

  it('gives an empty policy (which denies everything) for no permissions', () => {
    const policy = policyFromManifests([])
    expect(policy).toEqual({ roles: {} })
    expect(checkPermission(policy, { id: 'a', roles: ['viewer'] }, 'inventory.list').allowed).toBe(false)
  })

  it('rejects a bad pattern with CONFIG_ERROR naming the plugin and the field', () => {
    expect(() => policyFromManifests([{ name: 'bolt', permissions: { viewer: ['inventory.*', '!x'] } }])).toThrow(
      expect.objectContaining({
        code: 'CONFIG_ERROR',
        message: expect.stringMatching(/plugin "bolt".*permissions\.viewer\[1\]/),
        details: expect.objectContaining({ plugin: 'bolt', field: 'permissions.viewer[1]' }),
      }),
    )
  })
})
