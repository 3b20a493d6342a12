// The PuppetDB plugin through the conformance kit, against the real PuppetDB 7
// loaded with the integration dataset: inventory, facts, reports and resource
// events, the live event stream included.
import { beforeAll, it } from 'vitest'
import { assertConformance } from 'capstan/testing'
import { fileURLToPath } from 'node:url'
import { puppetdbPlugin } from '../../src/index.js'
import { dataset, puppetdbCapstan, withPuppetDb } from './support.js'

const PACKAGE_DIR = fileURLToPath(new URL('../../', import.meta.url))

withPuppetDb.describe('the PuppetDB plugin against PuppetDB', () => {
  let reportHash: string

  beforeAll(async () => {
    await using capstan = await puppetdbCapstan()
    reportHash = (await capstan.reports.list({ limit: 1 })).reports[0]!.hash
  })

  it('passes the conformance kit', { timeout: 120_000 }, async () => {
    const node = dataset().nodes[0]!.certname
    await assertConformance({
      plugin: () => puppetdbPlugin({ url: dataset().url }),
      packageDir: PACKAGE_DIR,
      inputs: {
        'info.facts': { node },
        'reports.list': { node, limit: 5 },
        'reports.get': { hash: reportHash },
        'reports.query': { status: 'changed', limit: 5 },
        'events.list': { limit: 5 },
        'events.query': { node, limit: 5 },
        // From the start of the dataset: the first items come at once.
        'events.stream': { since: '2000-01-01T00:00:00Z', pollIntervalMs: 100 },
      },
      // Only new events: the abort comes while the stream waits for its next poll.
      abortInputs: { 'events.stream': { pollIntervalMs: 100 } },
      timeoutMs: 15_000,
    })
  })
})
