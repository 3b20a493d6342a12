import { CapstanError } from 'capstan'
import { describe, expect, it } from 'vitest'
import type { ConnectionPoolStats } from '../../src/connection/index.js'
import { sshHealth } from '../../src/health/ssh-health.js'

const pool: ConnectionPoolStats = { total: 2, idle: 1, leased: 1, opening: 0, waiting: 0 }

describe('sshHealth', () => {
  it('reports the hosts of the inventory and the pool\'s counters', async () => {
    const nodes = async () => [{ id: 'web01', name: 'web01', source: 'ssh' }]
    expect(await sshHealth({ nodes, poolStats: () => pool })).toEqual({ message: '1 hosts, 2 connections open', details: { hosts: 1, pool } })
  })

  it('throws when the inventory no longer reads, so the host reports the plugin unhealthy', async () => {
    const nodes = async () => {
      throw new CapstanError('CONFIG_ERROR', { message: 'Cannot read sshConfig', details: { field: 'sshConfig' } })
    }
    await expect(sshHealth({ nodes, poolStats: () => pool })).rejects.toMatchObject({ code: 'CONFIG_ERROR' })
  })
})
