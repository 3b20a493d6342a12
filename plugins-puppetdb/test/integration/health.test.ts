// Health of the plugin against a real PuppetDB 7: PuppetDB's own status
// service, through the host's health().
import { expect, it } from 'vitest'
import { dataset, puppetdbCapstan, withPuppetDb } from './support.js'

withPuppetDb.describe('health from PuppetDB’s status service', () => {
  it('healthy, with PuppetDB’s version, state and the latency of the check', async () => {
    await using capstan = await puppetdbCapstan()
    const { status, plugins } = await capstan.health({ refresh: true })
    const health = plugins.puppetdb!
    expect(status).toBe('healthy')
    expect(health).toMatchObject({ status: 'healthy', state: 'ready', failingCapabilities: [] })
    const meta = (await (await fetch(`${dataset().url}/pdb/meta/v1/version`)).json()) as { version: string }
    expect(health.details).toMatchObject({
      url: dataset().url,
      version: meta.version,
      state: 'running',
      maintenanceMode: false,
      readDbUp: true,
      writeDbUp: true,
    })
    expect(health.details.version).toMatch(/^7\.\d+\.\d+$/)
    expect(health.details.latencyMs).toEqual(expect.any(Number))
    expect(health.details.latencyMs as number).toBeGreaterThanOrEqual(0)
    expect(health.latencyMs).toBeGreaterThanOrEqual(0)
    expect(health.message).toContain(`PuppetDB ${meta.version} at ${dataset().url}`)
    expect(health.workingCapabilities).toEqual(expect.arrayContaining(['inventory.list', 'info.facts', 'reports.query', 'events.query']))
    expect(Date.parse(health.checkedAt)).not.toBeNaN()
  })
})
