// End to end: the plugin loaded through PluginLoader into a test Capstan
// (validateOutput on), inventory and facts through `capstan.invoke`, answered by
// the fake bolt from the recordings inventory_show_detail, group_show,
// task_run_facts and task_run_exception.
import { describe, expect, it } from 'vitest'
import { isCapstanError, type CapstanError } from 'capstan'
import { PROJECT_DIR, boltCapstan, newLogFile, readLog, runsOf, sampleItem, targetsOf } from './support.js'

describe('inventory through capstan.invoke (inventory_show_detail, group_show)', () => {
  it('inventory.list: the five targets with transport, groups and aliases, from `bolt inventory show --detail`', async () => {
    const log = newLogFile()
    await using capstan = await boltCapstan(log)
    const { nodes, sources, partial } = await capstan.invoke('inventory.list', { refresh: false })
    expect(partial).toBe(false)
    expect(sources).toEqual([expect.objectContaining({ plugin: 'bolt', ok: true, count: 5 })])
    const brief = Object.fromEntries(nodes.map((n) => [n.id, { transport: n.transport, groups: n.groups, aliases: n.aliases, sources: n.sources }]))
    expect(brief).toEqual({
      deadhost: { transport: 'ssh', groups: ['unreachable'], aliases: [], sources: ['bolt'] },
      local1: { transport: 'local', groups: ['locals'], aliases: [], sources: ['bolt'] },
      local2: { transport: 'local', groups: ['locals'], aliases: [], sources: ['bolt'] },
      ssh1: { transport: 'ssh', groups: ['sshnodes'], aliases: ['first'], sources: ['bolt'] },
      ssh2: { transport: 'ssh', groups: ['sshnodes'], aliases: [], sources: ['bolt'] },
    })
    const ssh1 = nodes.find((n) => n.id === 'ssh1')
    expect(ssh1?.vars).toMatchObject({ env: 'test', tier: 'backend', role: 'web' })
    expect(ssh1?.facts).toMatchObject({ datacenter: 'dc1', group_fact: 'from_sshnodes' })

    const shows = runsOf(log, 'inventory show')
    expect(shows.length).toBeGreaterThan(0)
    for (const show of shows) {
      expect(show.case).toBe('inventory_show_detail')
      expect(show.argv).toEqual(['inventory', 'show', '--format', 'json', '--detail', '--project', PROJECT_DIR])
    }
  })

  it('inventory.groups: sshnodes, locals and unreachable with their members, from `bolt group show`', async () => {
    const log = newLogFile()
    await using capstan = await boltCapstan(log)
    const { groups } = await capstan.invoke('inventory.groups', { refresh: false })
    const members = Object.fromEntries(groups.map((g) => [g.name, [...g.nodes].sort()]))
    expect(members).toMatchObject({
      sshnodes: ['ssh1', 'ssh2'],
      locals: ['local1', 'local2'],
      unreachable: ['deadhost'],
    })
    expect(runsOf(log, 'group show').map((entry) => [entry.case, entry.argv])).toEqual([['group_show', ['group', 'show', '--format', 'json', '--project', PROJECT_DIR]]])
  })

  it('inventory.get: ssh1 by its alias `first`; an unknown name is no node', async () => {
    await using capstan = await boltCapstan(newLogFile())
    const { node } = await capstan.invoke('inventory.get', { node: 'first', refresh: false })
    expect(node?.id).toBe('ssh1')
    expect(node?.uri).toBe('127.0.0.1')
    expect((await capstan.invoke('inventory.get', { node: 'nosuchgroup_xyz', refresh: false })).node).toBeNull()
  })

  it('inventory.filter: by group and by a fact the inventory sets', async () => {
    await using capstan = await boltCapstan(newLogFile())
    const byGroup = await capstan.invoke('inventory.filter', { groups: ['locals'], refresh: false })
    expect(byGroup.nodes.map((n) => n.id).sort()).toEqual(['local1', 'local2'])
    const byFact = await capstan.invoke('inventory.filter', { facts: { datacenter: 'dc1' }, refresh: false })
    expect(byFact.nodes.map((n) => n.id)).toEqual(['ssh1'])
  })
})

describe('facts through capstan.invoke (task_run_facts, task_run_exception)', () => {
  it('facts asked for together share ONE `bolt task run facts`, os kept as Bolt returns it', async () => {
    const log = newLogFile()
    await using capstan = await boltCapstan(log)
    const [localhost, ssh1] = await Promise.all([
      capstan.invoke('info.facts', { node: 'localhost', refresh: false }),
      capstan.invoke('info.facts', { node: 'ssh1', refresh: false }),
    ])
    const runs = runsOf(log, 'task run')
    expect(runs).toHaveLength(1)
    expect(runs[0]?.case).toBe('task_run_facts')
    expect(runs[0]?.argv.slice(0, 3)).toEqual(['task', 'run', 'facts'])
    expect(targetsOf(runs[0]?.argv ?? []).sort()).toEqual(['localhost', 'ssh1'])
    // Facts are gathered as one JSON document: no --stream for them.
    expect(runs[0]?.argv).not.toContain('--stream')

    const recorded = (target: string) => sampleItem('task_run_facts', target).value as { os: { family: string } }
    expect(localhost.node).toBe('localhost')
    expect(ssh1.node).toBe('ssh1')
    expect(localhost.source).toBe('bolt')
    expect((localhost.facts as { os: unknown }).os).toEqual(recorded('localhost').os)
    expect((ssh1.facts as { os: unknown }).os).toEqual(recorded('ssh1').os)
    expect((ssh1.facts as { os: { family: string } }).os.family).toBe('Debian')
    expect(Number.isNaN(Date.parse(ssh1.gatheredAt))).toBe(false)

    // Cached: asking again runs no bolt.
    await capstan.invoke('info.facts', { node: 'ssh1', refresh: false })
    expect(runsOf(log, 'task run')).toHaveLength(1)
  })

  it('facts of local1, where the facts task raised an exception: an error with Bolt\'s message', async () => {
    const log = newLogFile()
    await using capstan = await boltCapstan(log)
    const error = await capstan.invoke('info.facts', { node: 'local1', refresh: false }).then(
      () => undefined,
      (e: unknown) => e as CapstanError,
    )
    expect(isCapstanError(error)).toBe(true)
    expect(['PLUGIN_ERROR', 'UNAVAILABLE']).toContain(error?.code)
    const boltError = (sampleItem('task_run_exception', 'local1').value as { _error: { msg: string; kind: string } })._error
    expect(error?.message).toContain(boltError.msg)
    expect(error?.message).toContain('local1')
    expect(error?.details).toMatchObject({ node: 'local1', reason: boltError.kind })
    expect(runsOf(log, 'task run').map((entry) => entry.case)).toEqual(['task_run_exception'])
  })

  it('every bolt call ran in the project directory with the plugin\'s env', async () => {
    const log = newLogFile()
    await using capstan = await boltCapstan(log, { env: { BOLT_DISABLE_ANALYTICS: 'true' } })
    await capstan.invoke('inventory.list', { refresh: false })
    const entries = readLog(log)
    expect(entries.length).toBeGreaterThan(1)
    for (const entry of entries) {
      expect(entry.cwd).toBe(PROJECT_DIR)
      expect(entry.env).toMatchObject({ BOLT_DISABLE_ANALYTICS: 'true' })
    }
  })
})
