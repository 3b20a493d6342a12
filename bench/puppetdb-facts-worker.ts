/**
 * One measurement of the PuppetDB facts bench, in a process of its own so
 * its peak RSS is its own:
 * `node --expose-gc --import tsx bench/puppetdb-facts-worker.ts <paged|unpaged> <url> <pageSize> <nodes>`.
 * Reads the facts of the first `nodes` bench nodes (by certname) through the plugin (paged: one page
 * in memory at a time; unpaged: one request for everything), touching every
 * node's facts, and prints `{ nodes, ms, startRss, peakRss }` as JSON.
 */
import { puppetdbPlugin } from '../plugins-puppetdb/src/index.js'
import { createCapstan } from '../src/index.js'
import { benchCondition } from './puppetdb-load.js'

const [mode, url, pageSizeArg, nodesArg] = process.argv.slice(2)
if ((mode !== 'paged' && mode !== 'unpaged') || url === undefined) {
  console.error('usage: bench/puppetdb-facts-worker.ts <paged|unpaged> <url> <pageSize> <nodes>')
  process.exit(2)
}
const pageSize = Number(pageSizeArg ?? 500)
const wanted = Number(nodesArg ?? 2000)
const plugin = puppetdbPlugin({ url, pageSize })
const capstan = await createCapstan({ plugins: [plugin] })
const target = { entity: 'inventory' as const, query: benchCondition }

/** What a consumer does with each node: count its facts, so the data is really read. */
const touch = (row: { facts?: Record<string, unknown> }) => Object.keys(row.facts ?? {}).length

// Warm-up: the connection, JIT, PuppetDB's own caches.
for await (const page of plugin.paginate<{ facts?: Record<string, unknown> }>(target, { pageSize: 50 })) {
  page.rows.forEach(touch)
  break
}
globalThis.gc?.()
const startRss = process.memoryUsage.rss()
let peakRss = startRss
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 5)
const started = performance.now()
let nodes = 0
let facts = 0
if (mode === 'paged') {
  for await (const page of plugin.paginate<{ facts?: Record<string, unknown> }>(target, { pageSize })) {
    for (const row of page.rows.slice(0, wanted - nodes)) facts += touch(row)
    nodes = Math.min(wanted, nodes + page.rows.length)
    if (nodes >= wanted) break
  }
} else {
  const { rows } = await plugin.query<{ facts?: Record<string, unknown> }>(target, { limit: wanted, orderBy: [{ field: 'certname' }] })
  for (const row of rows) facts += touch(row)
  nodes = rows.length
}
const ms = performance.now() - started
clearInterval(sampler)
peakRss = Math.max(peakRss, process.memoryUsage.rss())
await capstan.close()
console.log(JSON.stringify({ nodes, facts, ms, startRss, peakRss }))
