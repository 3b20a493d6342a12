// Inventory against a real PuppetDB 7 loaded with the integration dataset:
// inventory.list/get/groups through the host, and inventory.filter pushed
// down to PuppetDB (the logged requests carry the condition, and PuppetDB
// returns only the matching nodes).
import { type Node, type NodeFilter } from 'capstan'
import { matchesFilter } from 'capstan/plugin-kit'
import { expect, it } from 'vitest'
import { DEFAULT_INVENTORY_FACTS } from '../../src/index.js'
import { datacenters, roles, type DatasetNode } from './dataset/dataset-node.js'
import { factsOf, operatingSystems } from './dataset/facts.js'
import { byCodePoint, certnames, comparisons, dataset, latestKind, plusMs, puppetdbCapstan, rejection, requestsSince, shortName, statusOf, withPuppetDb } from './support.js'

const INVENTORY = '/pdb/query/v4/inventory'
const NODES = '/pdb/query/v4/nodes'

/** A node's groups as the default groupBy derives them: its environment and its role (top-level fact or pp_role, deduplicated). */
function expectedGroups(node: DatasetNode): string[] {
  return [node.environment, node.role].sort(byCodePoint)
}

function byId(nodes: readonly Node[]): Map<string, Node> {
  return new Map(nodes.map((node) => [node.id, node]))
}

withPuppetDb.describe('inventory.list / get / groups from PuppetDB', () => {
  it('inventory.list: exactly the active dataset nodes, the deactivated one absent', async () => {
    await using capstan = await puppetdbCapstan()
    const { nodes, sources, partial } = await capstan.invoke('inventory.list', { refresh: false })
    const data = dataset()
    expect(nodes.map((node) => node.id)).toEqual(certnames(data.nodes))
    expect(nodes.map((node) => node.id)).not.toContain(data.deactivated)
    expect(partial).toBe(false)
    expect(sources).toEqual([expect.objectContaining({ plugin: 'puppetdb', ok: true, count: data.nodes.length })])
    for (const node of nodes) expect(node.sources).toEqual(['puppetdb'])
  })

  it('vars: environment, latest report status/noop/hash and the timestamps PuppetDB keeps', async () => {
    await using capstan = await puppetdbCapstan()
    const nodes = byId((await capstan.inventory.list()).nodes)
    const data = dataset()
    for (const expected of data.nodes) {
      const vars = nodes.get(expected.certname)?.vars ?? {}
      const kind = latestKind(expected)
      expect(vars, expected.certname).toMatchObject({
        environment: expected.environment,
        latestReportStatus: statusOf(kind),
        latestReportNoop: kind === 'noop',
        latestReportNoopPending: kind === 'noop',
        cachedCatalogStatus: 'not_used',
        // PuppetDB's report_timestamp is the latest run's end time: 20 s after it started.
        reportTimestamp: plusMs(data.latestRunStart[expected.certname]!, 20_000),
      })
      expect(vars.latestReportHash).toMatch(/^[0-9a-f]{40}$/)
      // Facts and catalog timestamps are when PuppetDB received them: during the load (or later, for a node whose facts a suite replaced).
      for (const key of ['factsTimestamp', 'catalogTimestamp'] as const) {
        const time = vars[key] as string
        expect(time, `${expected.certname} ${key}`).toBe(new Date(time).toISOString())
        expect(time >= data.loadedAt && time <= new Date().toISOString(), `${expected.certname} ${key} ${time} after ${data.loadedAt}`).toBe(true)
      }
      // Active nodes: nulls are left out, not carried.
      expect(vars).not.toHaveProperty('deactivated')
      expect(vars).not.toHaveProperty('expired')
      expect(vars).not.toHaveProperty('latestReportCorrectiveChange')
    }
  })

  it('latestReportHash is the hash of the node’s latest report', async () => {
    await using capstan = await puppetdbCapstan()
    const nodes = byId((await capstan.inventory.list()).nodes)
    const { reports } = await capstan.reports.list({ limit: 1000 })
    const latest = new Map(reports.map((report) => [report.certname, report.hash]))
    for (const expected of dataset().nodes) expect(nodes.get(expected.certname)?.vars?.latestReportHash, expected.certname).toBe(latest.get(expected.certname))
  })

  it('groups come from the environment, the top-level role fact and trusted.extensions.pp_role', async () => {
    await using capstan = await puppetdbCapstan()
    const nodes = byId((await capstan.inventory.list()).nodes)
    const data = dataset()
    for (const expected of data.nodes) {
      const node = nodes.get(expected.certname)!
      expect(node.groups, expected.certname).toEqual(expectedGroups(expected))
      expect(node.facts?.trusted, expected.certname).toEqual({ extensions: { pp_role: expected.role } })
      // Only some nodes carry the top-level fact; the others get their role group from pp_role alone.
      if (expected.topLevelRole) expect(node.facts?.role, expected.certname).toBe(expected.role)
      else expect(node.facts, expected.certname).not.toHaveProperty('role')
    }
    expect(data.nodes.some((node) => !node.topLevelRole)).toBe(true)
  })

  it('groupBy decides which fact values become groups', async () => {
    await using capstan = await puppetdbCapstan({ groupBy: ['role', 'trusted.extensions.pp_datacenter'] })
    const nodes = byId((await capstan.inventory.list()).nodes)
    for (const expected of dataset().nodes) {
      const wanted = [...(expected.topLevelRole ? [expected.role] : []), expected.datacenter].sort(byCodePoint)
      expect(nodes.get(expected.certname)?.groups, expected.certname).toEqual(wanted)
    }
  })

  it('attached facts: the default inventoryFacts, from the node’s own facts, and nothing else', async () => {
    await using capstan = await puppetdbCapstan()
    const nodes = byId((await capstan.inventory.list()).nodes)
    for (const expected of dataset().nodes) {
      const facts = factsOf(expected) as { os: { release: { major: string } }; kernel: string }
      const os = operatingSystems[expected.os]!
      const node = nodes.get(expected.certname)!
      expect(node.facts, expected.certname).toEqual({
        os: { family: os.family, name: os.name, release: { major: facts.os.release.major } },
        kernel: facts.kernel,
        networking: { fqdn: expected.certname, ip: expected.ip },
        trusted: { extensions: { pp_role: expected.role } },
        ...(expected.topLevelRole ? { role: expected.role } : {}),
      })
      // The short hostname and the IP (an identity fact) name the node too.
      expect(node.aliases, expected.certname).toEqual(expect.arrayContaining([shortName(expected.certname), expected.ip]))
      expect(node.uri).toBeUndefined()
      expect(node.transport).toBeUndefined()
    }
  })

  it('inventory.groups: one group per environment and role, with exactly its members', async () => {
    await using capstan = await puppetdbCapstan()
    const { groups, sources } = await capstan.inventory.groups()
    const data = dataset()
    const expected = new Map<string, string[]>()
    for (const node of data.nodes) for (const group of expectedGroups(node)) expected.set(group, [...(expected.get(group) ?? []), node.certname])
    expect(groups.map((group) => group.name).sort(byCodePoint)).toEqual([...expected.keys()].sort(byCodePoint))
    for (const group of groups) expect([...group.nodes].sort(byCodePoint), group.name).toEqual(expected.get(group.name)!.sort(byCodePoint))
    expect(groups.map((group) => group.name)).toEqual(expect.arrayContaining(['production', 'staging', ...roles]))
    expect(sources).toEqual([expect.objectContaining({ plugin: 'puppetdb', ok: true })])
  })

  it('inventory.get: by certname and by short hostname; unknown and deactivated nodes are not found', async () => {
    await using capstan = await puppetdbCapstan()
    const data = dataset()
    const target = data.nodes[data.nodes.length - 2]!
    const byCertname = await capstan.inventory.get(target.certname)
    const byShort = await capstan.inventory.get(shortName(target.certname))
    expect(byCertname.id).toBe(target.certname)
    expect(byShort).toEqual(byCertname)
    expect(byShort.vars?.latestReportStatus).toBe(statusOf(latestKind(target)))
    expect(byShort.sourceData.puppetdb?.aliases).toEqual([shortName(target.certname)])
    const { node } = await capstan.invoke('inventory.get', { node: 'nosuchnode.example.com', refresh: false })
    expect(node).toBeNull()
    await rejection(capstan.inventory.get(data.deactivated), 'NOT_FOUND')
  })

  it('paging: pageSize 7 gives the same nodes as one big page, in ⌈n/7⌉ requests per entity', async () => {
    await using small = await puppetdbCapstan({ pageSize: 7 })
    await using large = await puppetdbCapstan({ pageSize: 1000 })
    const mark = small.logger.records.length
    const [paged, whole] = await Promise.all([small.inventory.list(), large.inventory.list()])
    expect(paged.nodes).toEqual(whole.nodes)
    expect(paged.nodes).toHaveLength(dataset().nodes.length)
    const requests = requestsSince(small.logger, mark)
    // A page shorter than pageSize ends the walk (one more, empty, when n is a multiple of 7).
    const pages = Math.floor(dataset().nodes.length / 7) + 1
    expect(requests.filter((request) => request.path === INVENTORY)).toHaveLength(pages)
    expect(requests.filter((request) => request.path === NODES)).toHaveLength(pages)
  })
})

withPuppetDb.describe('inventory.filter pushed down to PuppetDB', () => {
  /**
   * Runs `filter` and returns the matching ids, how many nodes PuppetDB
   * returned to the plugin (before the host's own check) and the queries
   * the plugin sent to the inventory and nodes endpoints.
   */
  async function filterThrough(filter: NodeFilter, options: Parameters<typeof puppetdbCapstan>[0] = {}) {
    await using capstan = await puppetdbCapstan(options)
    const mark = capstan.logger.records.length
    const result = await capstan.inventory.filter(filter)
    const requests = requestsSince(capstan.logger, mark)
    const inventory = requests.filter((request) => request.path === INVENTORY)
    const nodes = requests.filter((request) => request.path === NODES)
    return {
      ids: result.nodes.map((node) => node.id),
      nodes: result.nodes,
      returned: result.sources[0]?.count,
      inventoryQueries: inventory.map((request) => request.query),
      nodesQueries: nodes.map((request) => request.query),
    }
  }

  /** The certnames of the dataset nodes `keep` selects, sorted. */
  function expectedIds(keep: (node: DatasetNode) => boolean): string[] {
    const ids = certnames(dataset().nodes.filter(keep))
    // A case that selects all or nothing proves nothing about pushing down.
    expect(ids.length).toBeGreaterThan(0)
    expect(ids.length).toBeLessThan(dataset().nodes.length)
    return ids
  }

  /** Asserts that PuppetDB itself answered only `expected`, with the condition in both requests. */
  function expectPushedDown(run: Awaited<ReturnType<typeof filterThrough>>, expected: string[], clause: (comparison: [string, unknown, unknown]) => boolean) {
    expect(run.ids).toEqual(expected)
    expect(run.returned).toBe(expected.length)
    expect(run.inventoryQueries).toHaveLength(1)
    expect(run.nodesQueries).toHaveLength(1)
    expect(comparisons(run.inventoryQueries[0]).some(clause), JSON.stringify(run.inventoryQueries[0])).toBe(true)
    expect(comparisons(run.nodesQueries[0]).some(clause), JSON.stringify(run.nodesQueries[0])).toBe(true)
  }

  /** A `["~", "certname", regex]` clause whose regex selects exactly `expected` among the dataset's certnames (and the deactivated one only if named). */
  function certnameRegexSelecting(expected: string[]) {
    return ([op, field, regex]: [string, unknown, unknown]) =>
      op === '~' && field === 'certname' && typeof regex === 'string' && certnames(dataset().nodes).filter((c) => new RegExp(regex).test(c)).join() === expected.join()
  }

  it('names: a glob (web*) becomes a certname regex', async () => {
    const expected = expectedIds((node) => node.role === 'web')
    expectPushedDown(await filterThrough({ names: ['web*'] }), expected, certnameRegexSelecting(expected))
  })

  it('names: short hostnames and a full certname, in one list', async () => {
    const data = dataset()
    const picked = [data.nodes[1]!, data.nodes[12]!, data.nodes[33]!]
    const names = [shortName(picked[0]!.certname), shortName(picked[1]!.certname), picked[2]!.certname]
    const expected = certnames(picked)
    expectPushedDown(await filterThrough({ names }), expected, certnameRegexSelecting(expected))
  })

  it('names: ? matches one character', async () => {
    const expected = expectedIds((node) => /^web00.\./.test(node.certname))
    expectPushedDown(await filterThrough({ names: ['web00?'] }), expected, certnameRegexSelecting(expected))
  })

  it('groups: an environment', async () => {
    const expected = expectedIds((node) => node.environment === 'staging')
    expectPushedDown(await filterThrough({ groups: ['staging'] }), expected, ([op, field, value]) => op === '=' && field === 'environment' && value === 'staging')
  })

  it('groups: a role, also for nodes that only have it as pp_role', async () => {
    const expected = expectedIds((node) => node.role === 'db')
    expect(dataset().nodes.some((node) => node.role === 'db' && !node.topLevelRole)).toBe(true)
    const run = await filterThrough({ groups: ['db'] })
    expectPushedDown(run, expected, ([op, field, value]) => op === '=' && field === 'facts.trusted.extensions.pp_role' && value === 'db')
    expect(comparisons(run.inventoryQueries[0])).toContainEqual(['=', 'facts.role', 'db'])
  })

  it('facts: equality on a string fact', async () => {
    const expected = expectedIds((node) => operatingSystems[node.os]!.family === 'RedHat')
    expectPushedDown(await filterThrough({ facts: { 'os.family': 'RedHat' } }), expected, ([op, field, value]) => op === '=' && field === 'facts.os.family' && value === 'RedHat')
  })

  it('facts: a number matches a numeric-string fact (os.release.major is "12")', async () => {
    const expected = expectedIds((node) => operatingSystems[node.os]!.release.split('.')[0] === '12')
    const run = await filterThrough({ facts: { 'os.release.major': 12 } })
    expectPushedDown(run, expected, ([op, field, value]) => op === '=' && field === 'facts.os.release.major' && value === '12')
    for (const node of run.nodes) expect((node.facts?.os as { release: { major: unknown } }).release.major).toBe('12')
  })

  it('facts: a numeric string matches a number fact not among inventoryFacts (processors.count), which the plugin projects', async () => {
    const expected = expectedIds((node) => 2 << node.index % 3 === 4)
    const run = await filterThrough({ facts: { 'processors.count': '4' } })
    expectPushedDown(run, expected, ([op, field, value]) => op === '=' && field === 'facts.processors.count' && value === 4)
    expect(run.inventoryQueries[0]).toEqual(expect.arrayContaining([expect.arrayContaining(['facts.processors.count'])]))
    for (const node of run.nodes) expect(node.facts?.processors).toEqual({ count: 4 })
  })

  it('facts: a boolean fact and a trusted fact', async () => {
    const expected = expectedIds((node) => operatingSystems[node.os]!.family === 'RedHat' && node.datacenter === datacenters[1])
    const run = await filterThrough({ facts: { 'os.selinux.enabled': true, 'trusted.extensions.pp_datacenter': datacenters[1] } })
    expectPushedDown(run, expected, ([op, field, value]) => op === '=' && field === 'facts.os.selinux.enabled' && value === true)
    expect(comparisons(run.inventoryQueries[0])).toContainEqual(['=', 'facts.trusted.extensions.pp_datacenter', datacenters[1]])
  })

  it('facts: `in` becomes an or of equalities', async () => {
    const expected = expectedIds((node) => ['Rocky', 'SLES'].includes(operatingSystems[node.os]!.name))
    const run = await filterThrough({ facts: { 'os.name': { in: ['Rocky', 'SLES'] } } })
    expectPushedDown(run, expected, ([op, field, value]) => op === '=' && field === 'facts.os.name' && value === 'SLES')
    expect(comparisons(run.inventoryQueries[0])).toContainEqual(['=', 'facts.os.name', 'Rocky'])
  })

  it('facts: a regex both engines read alike is pushed down', async () => {
    const expected = expectedIds((node) => /^(Ubuntu|Rocky)$/.test(operatingSystems[node.os]!.name))
    const run = await filterThrough({ facts: { 'os.name': { regex: '^(Ubuntu|Rocky)$' } } })
    expectPushedDown(run, expected, ([op, field, value]) => op === '~' && field === 'facts.os.name' && value === '^(Ubuntu|Rocky)$')
  })

  it('facts: a regex with an escape is left to the host, which still gets it right', async () => {
    const expected = expectedIds((node) => /^(8|9)\./.test(operatingSystems[node.os]!.release))
    const run = await filterThrough({ facts: { 'os.release.full': { regex: '^(8|9)\\.' } } })
    expect(run.ids).toEqual(expected)
    // Not pushed down: PuppetDB returned every node, the host kept the matching ones.
    expect(run.returned).toBe(dataset().nodes.length)
    expect(comparisons(run.inventoryQueries[0])).toEqual([])
  })

  it('facts: a regex RE2 accepts but PostgreSQL refuses is left to the host, never a PuppetDB error', async () => {
    // Each of these was found to make PuppetDB answer HTTP 400 (`braces {} not balanced`, `invalid
    // repetition count(s)`, `quantifier operand invalid`, `invalid character range`) when pushed down.
    await using capstan = await puppetdbCapstan()
    const listed = (await capstan.inventory.list()).nodes
    for (const regex of ['u{1', 'x{256}|u', '^*U', '$+|u', '[a-z-0]u', 'x{,2}|n{1,255}t']) {
      const filter: NodeFilter = { facts: { 'os.name': { regex } } }
      const expected = listed.filter((node) => matchesFilter(node, filter)).map((node) => node.id)
      const outcome = await capstan.inventory.filter(filter).then(
        (result) => ({ regex, ids: result.nodes.map((node) => node.id), partial: result.partial }),
        (error: Error & { code?: string }) => ({ regex, error: `${error.code}: ${error.message}` }),
      )
      expect(outcome).toEqual({ regex, ids: expected, partial: false })
    }
  })

  it('a combination: names, groups and facts all narrow the same request', async () => {
    const expected = expectedIds(
      (node) => (node.role === 'web' || node.role === 'db') && node.environment === 'production' && operatingSystems[node.os]!.family === 'Debian',
    )
    const run = await filterThrough({ names: ['web*', 'db*'], groups: ['production'], facts: { 'os.family': 'Debian' } })
    expectPushedDown(run, expected, ([op, field, value]) => op === '=' && field === 'facts.os.family' && value === 'Debian')
    const clauses = comparisons(run.inventoryQueries[0])
    expect(clauses).toContainEqual(['=', 'environment', 'production'])
    expect(clauses.some(certnameRegexSelecting(expectedIds((node) => node.role === 'web' || node.role === 'db')))).toBe(true)
  })

  it('a filter nothing matches: PuppetDB returns no node', async () => {
    const run = await filterThrough({ facts: { 'os.family': 'windows' } })
    expect(run.ids).toEqual([])
    expect(run.returned).toBe(0)
    expect(comparisons(run.inventoryQueries[0])).toContainEqual(['=', 'facts.os.family', 'windows'])
  })

  it('agrees with inventory.list filtered by the host, for every kind of filter (IP names included)', async () => {
    // memory.system.total_bytes is attached to every node, so the host can test the listed nodes on it too.
    await using capstan = await puppetdbCapstan({ inventoryFacts: [...DEFAULT_INVENTORY_FACTS, 'memory.system.total_bytes'] })
    const listed = (await capstan.inventory.list()).nodes
    const data = dataset()
    const filters: NodeFilter[] = [
      { names: ['web*'] },
      { names: [shortName(data.nodes[7]!.certname), data.nodes[8]!.certname] },
      // A node is also named by its IP (an identity fact): the host lists it among the aliases.
      { names: [data.nodes[4]!.ip] },
      { names: ['10.20.0.1?'] },
      { groups: ['staging', 'cache'] },
      { facts: { 'os.release.major': '9' } },
      { facts: { 'memory.system.total_bytes': String(8 * 1024 ** 3) } },
      { facts: { 'os.name': { regex: 'u' } } },
      { names: ['*.nyc3.example.com'], facts: { 'os.family': { in: ['Debian', 'Suse'] } } },
    ]
    for (const filter of filters) {
      const expected = listed.filter((node) => matchesFilter(node, filter)).map((node) => node.id)
      expect(expected.length, JSON.stringify(filter)).toBeGreaterThan(0)
      const { nodes } = await capstan.inventory.filter(filter)
      expect(nodes.map((node) => node.id), JSON.stringify(filter)).toEqual(expected)
    }
  })
})
