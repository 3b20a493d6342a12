// Loads the PuppetDB facts bench's nodes (bench-NNNN.example.com) through the
// command API, once: facts only, Facter-sized, separate from the test dataset.
import { inParallel } from '../plugins-puppetdb/test/integration/dataset/commands.js'
import { datasetNodes } from '../plugins-puppetdb/test/integration/dataset/dataset-node.js'
import { factsOf } from '../plugins-puppetdb/test/integration/dataset/facts.js'

/** Certnames of the bench's nodes start with this. */
export const benchPrefix = 'bench-'
/** PuppetDB `~` condition selecting exactly the bench's nodes. */
export const benchCondition = ['~', 'certname', `^${benchPrefix}`] as const

/** How many bench nodes PuppetDB holds now. */
export async function countBenchNodes(url: string): Promise<number> {
  const response = await fetch(`${url}/pdb/query/v4/nodes`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: benchCondition, limit: 1, include_total: true }),
  })
  if (!response.ok) throw new Error(`PuppetDB nodes query: HTTP ${response.status} ${await response.text()}`)
  await response.body?.cancel()
  return Number(response.headers.get('x-records') ?? 0)
}

/**
 * Makes sure `count` bench nodes exist: submits replace facts for each
 * (without waiting for each command) and then waits until PuppetDB stored
 * them all. Each node's facts are padded with mount points and partitions
 * to about the size Facter sends from a real server (~12 KiB of JSON).
 */
export async function loadBenchNodes(url: string, count: number): Promise<void> {
  if ((await countBenchNodes(url)) >= count) return
  const producedAt = new Date().toISOString()
  await inParallel(datasetNodes(count, benchPrefix), 16, async (node) => {
    const params = new URLSearchParams({ command: 'replace_facts', version: '5', certname: node.certname })
    const response = await fetch(`${url}/pdb/cmd/v1?${params}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ certname: node.certname, environment: node.environment, producer_timestamp: producedAt, producer: 'bench', values: { ...factsOf(node), ...padding(node.index) } }),
    })
    if (!response.ok) throw new Error(`replace facts ${node.certname}: HTTP ${response.status} ${await response.text()}`)
    await response.body?.cancel()
  })
  const deadline = Date.now() + 600_000
  while ((await countBenchNodes(url)) < count) {
    if (Date.now() > deadline) throw new Error(`PuppetDB stored fewer than ${count} bench nodes within 10 minutes`)
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
}

function padding(index: number): Record<string, unknown> {
  const mountpoints = Object.fromEntries(
    Array.from({ length: 24 }, (_, i) => [
      `/srv/volume${i}`,
      { device: `/dev/vd${String.fromCharCode(98 + (i % 20))}${i}`, filesystem: 'ext4', size_bytes: (index + 1) * 1e9 + i, used_bytes: i * 1e8, options: ['rw', 'relatime', 'errors=remount-ro'] },
    ]),
  )
  const partitions = Object.fromEntries(
    Array.from({ length: 24 }, (_, i) => [`/dev/vd${String.fromCharCode(98 + (i % 20))}${i}`, { filesystem: 'ext4', mount: `/srv/volume${i}`, uuid: `${index}-${i}-5c1e0a4e-9d8f-4a5b-8c7d`, size_bytes: (index + 1) * 1e9 + i }]),
  )
  return { mountpoints, partitions }
}
