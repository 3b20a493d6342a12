import { createTestCapstan } from 'capstan/testing'
import { describe, expect, it } from 'vitest'
import { rejection } from '@capstan/test-support/async'
import { fakePlugin } from '../support/fake-plugin.js'
import { cmdbSource } from '../support/two-sources.js'

describe('routing errors', () => {
  it('rejects an unknown capability id with UNKNOWN_CAPABILITY', async () => {
    const cmdb = cmdbSource()
    await using capstan = await createTestCapstan({ plugins: [cmdb.plugin] })
    const error = await rejection(capstan.invokeUnchecked('inventory.lst', {}), 'UNKNOWN_CAPABILITY')
    expect(error.details.capability).toBe('inventory.lst')
    expect(error.message).toContain('inventory.lst')
    expect(cmdb.log.count()).toBe(0)
  })

  it('rejects with NO_PROVIDER when no plugin provides the capability', async () => {
    await using capstan = await createTestCapstan({ plugins: [cmdbSource().plugin] })
    const error = await rejection(capstan.invoke('reports.list', {}), 'NO_PROVIDER')
    expect(error.details.capability).toBe('reports.list')
    expect(error.message).toContain('reports.list')
  })

  it('rejects with NO_PROVIDER when the named plugin does not provide it', async () => {
    const cmdb = cmdbSource()
    const alerts = fakePlugin('alerts', { integrationTypes: ['alerts'], capabilities: { 'alert.list': async () => ({ alerts: [] }) } })
    await using capstan = await createTestCapstan({ plugins: [cmdb.plugin, alerts.plugin] })
    const named = await rejection(capstan.inventory.list({}, { plugin: 'alerts' }), 'NO_PROVIDER')
    expect(named.details).toMatchObject({ capability: 'inventory.list', plugin: 'alerts', providers: ['cmdb'] })
    expect(named.message).toContain('alerts')
    const unknown = await rejection(capstan.inventory.list({}, { plugin: 'x' }), 'NO_PROVIDER')
    expect(unknown.details.plugin).toBe('x')
    expect(cmdb.log.count()).toBe(0)
  })

  it('rejects a targeted capability nobody provides with NO_PROVIDER', async () => {
    await using capstan = await createTestCapstan({ plugins: [cmdbSource().plugin] })
    await rejection(capstan.invoke('command.execute', { targets: 'web01.example.com', command: 'uptime' }), 'NO_PROVIDER')
  })
})
