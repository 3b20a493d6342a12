import { createCapstan } from 'capstan'
import { puppetdbPlugin, q } from '@capstan/plugin-puppetdb'

const puppetdb = puppetdbPlugin({ url: process.env.PUPPETDB_URL ?? 'http://127.0.0.1:8080', pageSize: 500 })
const capstan = await createCapstan({ plugins: [puppetdb] })
try {
  // Inventory: active nodes, grouped by environment and role. The filter runs inside PuppetDB.
  const { nodes } = await capstan.inventory.filter({ groups: ['production'], facts: { 'os.family': 'RedHat' } })
  console.log(`${nodes.length} RedHat nodes in production, e.g. ${nodes[0]?.id}`)

  // Reports: the failed runs of the last day, newest first, with the total.
  const since = new Date(Date.now() - 24 * 3600_000).toISOString()
  const failed = await capstan.reports.query({ status: 'failed', since, limit: 5, include: ['events'] })
  for (const report of failed.reports) {
    const failure = report.resourceEvents.find((event) => event.status === 'failure')
    console.log(`${report.certname} failed at ${report.startTime}: ${failure?.resourceType}[${failure?.resourceTitle}] ${failure?.message}`)
  }
  console.log(`${failed.total} failed runs since ${since}`)

  // Facts, structured and trusted, as PuppetDB stored them.
  if (nodes[0] !== undefined) {
    const { facts, gatheredAt } = await capstan.facts.get(nodes[0].id)
    const trusted = facts.trusted as { extensions?: { pp_role?: string } } | undefined
    console.log(`${nodes[0].id}: ${JSON.stringify(facts.os)}, pp_role ${trusted?.extensions?.pp_role}, gathered ${gatheredAt}`)
  }

  // The query layer: a typed AST, paged without holding every row in memory.
  const nodesQuery = q('nodes')
  let count = 0
  for await (const page of puppetdb.paginate({ entity: 'nodes', query: nodesQuery.eq('latest_report_status', 'failed') }, { pageSize: 100 })) {
    count += page.rows.length
  }
  console.log(`${count} nodes whose latest run failed`)

  // New resource events as PuppetDB stores them, for ten seconds.
  const stop = AbortSignal.timeout(10_000)
  for await (const event of capstan.events.stream({ status: 'failure', pollIntervalMs: 1000 }, { signal: stop })) {
    console.log(`live: ${event.certname} ${event.resourceType}[${event.resourceTitle}] ${event.message}`)
  }
} finally {
  await capstan.close()
}
