import { CapstanError } from 'capstan'
import { describe, expect, it } from 'vitest'
import { boltHealth } from '../../src/health/bolt-health.js'

const projectDir = '/srv/bolt-project'
const web01 = { id: 'web01', name: 'web01', source: 'bolt' }

describe('boltHealth', () => {
  it('is healthy with Bolt\'s version and the number of targets', async () => {
    const outcome = await boltHealth({ projectDir, version: async () => '3.30.0', nodes: async () => [web01] })
    expect(outcome).toEqual({ message: 'Bolt 3.30.0, 1 targets', details: { bolt: '3.30.0', projectDir, targets: 1 } })
  })

  it('is degraded when the inventory does not parse, with the inventory capabilities failing', async () => {
    const nodes = async () => {
      throw new CapstanError('PLUGIN_ERROR', { message: 'Unexpected output from `bolt inventory show`' })
    }
    const outcome = await boltHealth({ projectDir, version: async () => '3.30.0', nodes })
    expect(outcome).toMatchObject({ status: 'degraded', message: expect.stringContaining('the inventory does not parse: Unexpected output'), details: { bolt: '3.30.0', projectDir } })
    expect(outcome.failingCapabilities).toEqual(expect.arrayContaining(['inventory.list', 'inventory.groups']))
  })

  it('throws when Bolt does not answer, so the host reports the plugin unhealthy', async () => {
    const version = async (): Promise<string> => {
      throw new CapstanError('CONFIG_ERROR', { message: 'bolt --version failed', details: { field: 'boltPath' } })
    }
    await expect(boltHealth({ projectDir, version, nodes: async () => [] })).rejects.toMatchObject({ code: 'CONFIG_ERROR' })
  })
})
