// One inventory.filter must not take PuppetDB down. Before the bounds, 100,000
// groups ran the real PuppetDB out of memory within 10 s and 1,000 groups cost
// it 18 CPU-seconds. Now the first is refused at the host and the largest
// allowed filter is left to the host instead of being pushed down whole; the
// PuppetDB JVM, found by the port it listens on, is watched while it runs.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { inputLimits } from 'capstan'
import { expect, it } from 'vitest'
import { PUSHDOWN_BUDGET } from '../../src/inventory/pushdown-budget.js'
import { comparisons, dataset, puppetdbCapstan, rejection, requestsSince, withPuppetDb } from './support.js'

/** The pid of the process listening on `port` on 127.0.0.1 (ss from iproute2). */
function listenerPid(port: number): number {
  const out = execFileSync('ss', ['-Hltnp', `sport = :${port}`], { encoding: 'utf8' })
  const pid = /pid=(\d+)/.exec(out)?.[1]
  if (pid === undefined) throw new Error(`nothing listens on port ${port}: ${out}`)
  return Number(pid)
}

/** CPU seconds (user + system) a process has used; /proc counts in clock ticks of 1/100 s on Linux. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  return (Number(fields[11]) + Number(fields[12])) / 100
}

/** Resident memory of a process in MiB. */
function rssMiB(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]
  return Number(kb) / 1024
}

withPuppetDb.describe('a filter too large for PuppetDB', () => {
  it('100,000 groups are refused at the host; the largest allowed filter is left to the host, and PuppetDB stays idle and answers', async () => {
    await using capstan = await puppetdbCapstan()
    const url = new URL(dataset().url)
    const pid = listenerPid(Number(url.port))
    const before = { cpu: cpuSeconds(pid), rss: rssMiB(pid) }

    const mark = capstan.logger.records.length
    const huge = Array.from({ length: 100_000 }, (_, i) => `g${i}`)
    const refused = await rejection(capstan.inventory.filter({ groups: huge }), 'VALIDATION_ERROR')
    expect(refused.details.issues).toEqual([{ path: 'groups', message: `must have at most ${inputLimits.listEntries} entries` }])
    expect(requestsSince(capstan.logger, mark)).toEqual([])

    // The most groups a filter may name, one of them real: the groups criterion is over the
    // push-down budget, so PuppetDB is asked without it and the host picks the production nodes.
    const groups = [...huge.slice(0, inputLimits.listEntries - 1), 'production']
    const mark2 = capstan.logger.records.length
    const result = await capstan.inventory.filter({ groups })
    const expected = dataset().nodes.filter((node) => node.environment === 'production').map((node) => node.certname).sort()
    expect(result.nodes.map((node) => node.id).sort()).toEqual(expected)
    const queries = requestsSince(capstan.logger, mark2).filter((r) => r.path === '/pdb/query/v4/inventory').map((r) => r.query)
    expect(queries.length).toBeGreaterThan(0)
    for (const query of queries) expect(comparisons(query).length).toBeLessThanOrEqual(PUSHDOWN_BUDGET.leaves + 4)

    const after = { cpu: cpuSeconds(pid), rss: rssMiB(pid) }
    console.info(`[filter-bounds] PuppetDB pid ${pid}: ${(after.cpu - before.cpu).toFixed(2)} CPU-s, RSS ${before.rss.toFixed(0)} → ${after.rss.toFixed(0)} MiB`)
    // 1,000 groups pushed down whole cost 18 CPU-seconds; listing the dataset costs well under one.
    expect(after.cpu - before.cpu).toBeLessThan(5)
    expect(after.rss - before.rss).toBeLessThan(256)
    const version = await fetch(`${url.origin}/pdb/meta/v1/version`)
    expect(version.status).toBe(200)
  }, 60_000)
})
