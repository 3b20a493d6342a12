// Facts against a real PuppetDB 7 loaded with the integration dataset:
// info.facts and info.refresh through the host, its facts cache, and what
// PuppetDB says when it was given the facts.
import { expect, it } from 'vitest'
import { q } from '../../src/index.js'
import { factsOf } from './dataset/facts.js'
import { dataset, puppetdbCapstan, rejection, replaceFacts, requestsSince, shortName, withPuppetDb } from './support.js'

const INVENTORY = '/pdb/query/v4/inventory'

withPuppetDb.describe('info.facts from PuppetDB', () => {
  it('structured and trusted facts of a node, exactly as its agent sent them', async () => {
    await using capstan = await puppetdbCapstan()
    const data = dataset()
    for (const node of [data.nodes[0]!, data.nodes[3]!, data.nodes[17]!]) {
      const facts = await capstan.facts.get(node.certname)
      expect(facts.node).toBe(node.certname)
      expect(facts.source).toBe('puppetdb')
      expect(facts.facts).toEqual(factsOf(node))
      expect(facts.facts.trusted).toMatchObject({ certname: node.certname, extensions: { pp_role: node.role, pp_datacenter: node.datacenter } })
      expect(facts.facts).toMatchObject({ os: { release: { major: expect.any(String) } }, processors: { count: expect.any(Number) }, is_virtual: true })
    }
  })

  it('by short hostname: the host asks PuppetDB for the certname', async () => {
    await using capstan = await puppetdbCapstan()
    const node = dataset().nodes[11]!
    const mark = capstan.logger.records.length
    const facts = await capstan.facts.get(shortName(node.certname))
    expect(facts.node).toBe(node.certname)
    expect(facts.facts.hostname).toBe(shortName(node.certname))
    const asked = requestsSince(capstan.logger, mark).filter((request) => request.path === INVENTORY && JSON.stringify(request.query).includes('"certname"'))
    expect(asked.map((request) => request.query)).toContainEqual(['=', 'certname', node.certname])
  })

  it('gatheredAt is PuppetDB’s facts timestamp for the node', async () => {
    await using capstan = await puppetdbCapstan()
    const node = dataset().nodes[5]!
    const facts = await capstan.facts.get(node.certname)
    const nodes = q('nodes')
    const { rows } = await capstan.puppetdb.query<{ facts_timestamp: string }>({ entity: 'nodes', query: nodes.eq('certname', node.certname) })
    expect(rows).toHaveLength(1)
    expect(facts.gatheredAt).toBe(new Date(rows[0]!.facts_timestamp).toISOString())
    expect((await capstan.inventory.get(node.certname)).vars?.factsTimestamp).toBe(facts.gatheredAt)
  })

  it('a node PuppetDB does not know, or deactivated, is NOT_FOUND', async () => {
    await using capstan = await puppetdbCapstan()
    const unknown = await rejection(capstan.facts.get('nosuchnode.example.com'), 'NOT_FOUND')
    expect(unknown.message).toContain('nosuchnode.example.com')
    const retired = await rejection(capstan.facts.get(dataset().deactivated), 'NOT_FOUND')
    expect(retired.message).toContain(dataset().deactivated)
  })

  it('served from the host cache until refreshed: info.facts with refresh and info.refresh read PuppetDB again', { timeout: 120_000 }, async () => {
    const data = dataset()
    // The last node: no other suite reads its uptime. Only uptime_seconds changes, and is put back.
    const node = data.nodes[data.nodes.length - 1]!
    const original = factsOf(node).uptime_seconds as number
    await using capstan = await puppetdbCapstan()
    const uptime = async (options: { refresh?: boolean } = {}) => {
      const facts = await capstan.facts.get(node.certname, options)
      return { uptime: facts.facts.uptime_seconds, gatheredAt: facts.gatheredAt }
    }
    const first = await uptime()
    expect(first.uptime).toBe(original)
    try {
      await replaceFacts(node, { uptime_seconds: original + 1 })
      // PuppetDB has the new value: a fresh Capstan (empty cache) sees it.
      {
        await using fresh = await puppetdbCapstan()
        expect((await fresh.facts.get(node.certname)).facts.uptime_seconds).toBe(original + 1)
      }
      const mark = capstan.logger.records.length
      expect(await uptime()).toEqual(first)
      expect(requestsSince(capstan.logger, mark).filter((request) => request.path === INVENTORY && JSON.stringify(request.query).includes(node.certname))).toEqual([])

      const refreshed = await uptime({ refresh: true })
      expect(refreshed.uptime).toBe(original + 1)
      expect(refreshed.gatheredAt > first.gatheredAt).toBe(true)
      // The refreshed facts replaced the cached ones.
      expect(await uptime()).toEqual(refreshed)

      await replaceFacts(node)
      expect((await uptime()).uptime).toBe(original + 1)
      const viaRefresh = await capstan.facts.refresh(node.certname)
      expect(viaRefresh.facts.uptime_seconds).toBe(original)
      expect(viaRefresh.facts).toEqual(factsOf(node))
      expect(viaRefresh.gatheredAt > refreshed.gatheredAt).toBe(true)
      expect((await uptime()).uptime).toBe(original)
    } finally {
      await replaceFacts(node)
    }
  })
})
