import { CapstanError, type Facts } from 'capstan'
import type { PuppetDbTransport } from '../http/puppetdb-transport.js'
import { runQuery } from '../query/run-query.js'
import { mapInventoryFacts } from './map-facts.js'

/**
 * The facts of one active node (structured and trusted), from the
 * `inventory` entity, gathered at PuppetDB's facts timestamp.
 *
 * @throws CapstanError NOT_FOUND when the node is not active in PuppetDB.
 */
export async function readFacts(transport: PuppetDbTransport, node: string, where: { url: string; plugin: string; signal: AbortSignal }): Promise<Facts> {
  const { rows } = await runQuery(transport, { entity: 'inventory', query: ['=', 'certname', node] }, { signal: where.signal })
  if (rows[0] === undefined) {
    throw new CapstanError('NOT_FOUND', {
      message: `PuppetDB at ${where.url} has no facts for ${node}: it is not an active node there`,
      details: { node, plugin: where.plugin },
    })
  }
  return mapInventoryFacts(rows[0], where.plugin)
}
