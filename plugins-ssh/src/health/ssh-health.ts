import type { HealthCheckOutcome, SourceNode } from 'capstan'
import type { ConnectionPoolStats } from '../connection/index.js'

/** What the health check reads. */
export interface SshHealthProbe {
  /** The inventory's hosts, read again (ssh_config and `hosts`): throws when the ssh_config cannot be read. */
  nodes(): Promise<SourceNode[]>
  /** The connection pool's counters. */
  poolStats(): ConnectionPoolStats
}

/**
 * Health of the SSH plugin: its inventory still reads, with the number of
 * hosts and the pool's counters. An ssh_config that no longer reads throws,
 * and the host reports the plugin unhealthy. Hosts are not connected to:
 * one unreachable host is that node's error, not the plugin's.
 */
export async function sshHealth(probe: SshHealthProbe): Promise<HealthCheckOutcome> {
  const nodes = await probe.nodes()
  const pool = probe.poolStats()
  return { message: `${nodes.length} hosts, ${pool.total} connections open`, details: { hosts: nodes.length, pool } }
}
