import { servedCapabilities, testPlugin } from 'capstan/testing'
import { describe, expect, it } from 'vitest'

describe('servedCapabilities', () => {
  it('lists what the plugin implements and what the host derives from it, sorted', () => {
    const plugin = testPlugin({ name: 'inv', capabilities: { 'inventory.list': async () => ({ nodes: [] }), 'info.facts': async ({ node }) => ({ node, source: 'inv', gatheredAt: new Date(0).toISOString(), facts: {} }) } })
    expect(servedCapabilities(plugin)).toEqual(['info.facts', 'info.refresh', 'inventory.filter', 'inventory.get', 'inventory.list'])
  })

  it('derives nothing from capabilities that have no derived ones', () => {
    const plugin = testPlugin({ name: 'exec', integrationTypes: ['remote-execution'], capabilities: { 'command.execute': async function* () {} } })
    expect(servedCapabilities(plugin)).toEqual(['command.execute'])
  })
})
