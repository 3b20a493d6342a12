import {
  eventsCapabilities,
  factsCapabilities,
  inventoryCapabilities,
  packagesCapabilities,
  remoteExecutionCapabilities,
  reportsCapabilities,
} from 'capstan'
import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { createStyle, hasResultLayout, renderResult, stripAnsi } from '../../../src/cli/render/index.js'

/** The merged-result schema of an aggregate capability (what `invoke` returns). */
function resultOf<Schema extends z.ZodType>(descriptor: { readonly result?: Schema }): Schema {
  if (!descriptor.result) throw new Error('this capability has no merged result schema')
  return descriptor.result
}

const plain = createStyle({ color: false })
const color = createStyle({ color: true })

/** A node list whose names all linked. */
const noConflicts = { conflicts: [], conflictsOmitted: 0 }

const okSources = [
  { plugin: 'puppetdb', ok: true, count: 2, durationMs: 12 },
  { plugin: 'bolt', ok: true, count: 1, durationMs: 4 },
]

const web01 = {
  id: 'web01.example.com',
  name: 'web01',
  aliases: ['web01'],
  transport: 'ssh',
  groups: ['web', 'prod'],
  sources: ['puppetdb', 'bolt'],
  config: { ssh: { user: 'deploy', port: 22 } },
  sourceData: {
    puppetdb: { id: 'web01.example.com' },
    bolt: { id: 'web01', uri: 'web01.example.com', transport: 'ssh', groups: ['web'] },
  },
}
const db01 = { id: 'db01.example.com', name: 'db01', aliases: [], groups: [], sources: ['puppetdb'], sourceData: { puppetdb: { id: 'db01.example.com' } } }

const report = (hash: string, certname: string, status: string, noop: boolean) => ({
  hash,
  certname,
  status,
  noop,
  environment: 'production',
  puppetVersion: '8.10.0',
  startTime: '2026-11-25T12:00:00.000Z',
  endTime: '2026-11-25T12:00:31.000Z',
  metrics: [],
  logs: [],
  resourceEvents: [],
})

const resourceEvent = {
  certname: 'web01.example.com',
  reportHash: 'a1b2',
  timestamp: '2026-11-25T12:00:12.500Z',
  resourceType: 'File',
  resourceTitle: '/etc/motd',
  property: 'content',
  oldValue: '{md5}aaa',
  newValue: '{md5}bbb',
  message: 'content changed',
  status: 'success',
}

/** The text lines of a rendering, each with its run of spaces collapsed, for asserting cells without caring about widths. */
const cells = (text: string): string[][] => text.trimEnd().split('\n').map((line) => line.trim().split(/\s{2,}/))

describe('renderResult', () => {
  it('inventory.list: a table of id, transport, groups and sources', () => {
    const result = resultOf(inventoryCapabilities.list).parse({ nodes: [web01, db01], sources: okSources, partial: false, ...noConflicts })
    const text = renderResult('inventory.list', result, plain)
    expect(cells(text)).toEqual([
      ['ID', 'TRANSPORT', 'GROUPS', 'SOURCES'],
      ['web01.example.com', 'ssh', 'web, prod', 'puppetdb, bolt'],
      ['db01.example.com', 'puppetdb'],
    ])
    const lines = text.split('\n')
    expect(lines[0]?.indexOf('TRANSPORT')).toBe(lines[1]?.indexOf('ssh'))
    expect(text).not.toContain('warning')
  })

  it('journal.list: a table of time, node, kind, summary and actor, and the flag for the next page', () => {
    const note = { id: 'n1', node: 'web01', time: '2026-01-05T10:00:00.000Z', kind: 'note', source: 'host', actor: 'olga', summary: 'replaced disk', body: {} }
    const run = { id: 'r1:web01', node: 'web01', time: '2026-01-05T09:00:00.000Z', kind: 'execution', source: 'ssh', executionId: 'r1', summary: 'command.execute: success (exit 0)', body: {} }
    const text = renderResult('journal.list', { entries: [note, run], nextCursor: 'abc', followCursor: 'def' }, plain)
    expect(cells(text)).toEqual([
      ['TIME', 'NODE', 'KIND', 'SUMMARY', 'BY'],
      ['2026-01-05 10:00:00Z', 'web01', 'note', 'replaced disk', 'olga'],
      ['2026-01-05 09:00:00Z', 'web01', 'execution', 'command.execute: success (exit 0)'],
      ['more: --cursor abc'],
    ])
    expect(renderResult('journal.list', { entries: [], followCursor: 'def' }, plain)).not.toContain('more')
  })

  it('inventory.filter: the same table, and a failed source as a warning line', () => {
    const result = resultOf(inventoryCapabilities.filter).parse({
      nodes: [web01],
      sources: [okSources[0], { plugin: 'bolt', ok: false, durationMs: 5000, error: { code: 'PLUGIN_TIMEOUT', message: 'bolt did not answer within 5000 ms' } }],
      partial: true,
      ...noConflicts,
    })
    const text = renderResult('inventory.filter', result, plain)
    expect(text.split('\n')[0]).toMatch(/^ID\s+TRANSPORT\s+GROUPS\s+SOURCES$/)
    expect(text).toContain('web01.example.com')
    expect(text.trimEnd().split('\n').at(-1)).toBe('warning: source bolt failed (PLUGIN_TIMEOUT): bolt did not answer within 5000 ms')
  })

  it('inventory.list: a name that linked nothing as a note line, and a count of those left off', () => {
    const result = resultOf(inventoryCapabilities.list).parse({
      nodes: [web01],
      sources: okSources,
      partial: false,
      conflicts: [
        { identity: '10.0.2.15', kind: 'ip', reason: 'shared', records: [{ source: 'bolt', id: 'a' }, { source: 'bolt', id: 'b' }, { source: 'bolt', id: 'c' }], recordCount: 3 },
        { identity: 'web', kind: 'short', reason: 'transitive', records: [{ source: 'puppetdb', id: 'web.a' }, { source: 'puppetdb', id: 'web.b' }], recordCount: 2 },
      ],
      conflictsOmitted: 4,
    })
    expect(renderResult('inventory.list', result, plain).trimEnd().split('\n').slice(-3)).toEqual([
      'note: ip 10.0.2.15 linked nothing: 3 records of bolt claim it',
      'note: short web linked nothing: it would join records of puppetdb that other names keep apart',
      'note: 4 more names linked nothing',
    ])
  })

  it('an empty inventory is one (none) line', () => {
    const result = resultOf(inventoryCapabilities.list).parse({ nodes: [], sources: okSources, partial: false, ...noConflicts })
    expect(renderResult('inventory.list', result, plain)).toBe('(none)\n')
  })

  it('inventory.groups: name, node count and sources', () => {
    const result = resultOf(inventoryCapabilities.groups).parse({
      groups: [
        { name: 'web', nodes: ['web01.example.com', 'web02.example.com'], sources: ['bolt'] },
        { name: 'all', nodes: ['web01.example.com', 'web02.example.com', 'db01.example.com'], sources: ['bolt', 'puppetdb'] },
      ],
      sources: okSources,
      partial: false,
    })
    expect(cells(renderResult('inventory.groups', result, plain))).toEqual([
      ['NAME', 'NODES', 'SOURCES'],
      ['web', '2', 'bolt'],
      ['all', '3', 'bolt, puppetdb'],
    ])
  })

  it('inventory.groups: a child-groups column only when some group has children', () => {
    const result = resultOf(inventoryCapabilities.groups).parse({
      groups: [{ name: 'prod', nodes: [], groups: ['web', 'db'], sources: ['bolt'] }],
      sources: okSources,
      partial: false,
    })
    expect(cells(renderResult('inventory.groups', result, plain))).toEqual([
      ['NAME', 'NODES', 'CHILD GROUPS', 'SOURCES'],
      ['prod', '0', 'web, db', 'bolt'],
    ])
  })

  it('inventory.get: the node as a tree, or "node not found"', () => {
    const found = resultOf(inventoryCapabilities.get).parse({ node: web01, sources: okSources, partial: false })
    const text = renderResult('inventory.get', found, plain)
    expect(text.startsWith('id: web01.example.com\nname: web01\n')).toBe(true)
    expect(text).toContain('config:\n  ssh:\n    user: deploy\n    port: 22\n')
    expect(text).toContain('sourceData:\n  puppetdb:\n    id: web01.example.com\n  bolt:\n')
    const missing = resultOf(inventoryCapabilities.get).parse({ node: null, sources: okSources, partial: false })
    expect(renderResult('inventory.get', missing, plain)).toBe('node not found\n')
  })

  it('info.facts and info.refresh: a header with node, source and time, then the facts as a tree', () => {
    const facts = factsCapabilities.facts.output.parse({
      node: 'web01.example.com',
      source: 'puppetdb',
      gatheredAt: '2026-11-25T12:30:00.000Z',
      facts: { os: { family: 'Debian', release: { major: '12' } }, processors: { count: 4 }, ipaddress: '10.0.0.11' },
    })
    for (const id of ['info.facts', 'info.refresh']) {
      expect(renderResult(id, facts, plain)).toBe(
        [
          'web01.example.com  source: puppetdb  gathered: 2026-11-25 12:30:00Z',
          'os:',
          '  family: Debian',
          '  release:',
          '    major: 12',
          'processors:',
          '  count: 4',
          'ipaddress: 10.0.0.11',
        ].join('\n') + '\n',
      )
    }
  })

  it('reports.list and reports.query: node, coloured status, environment, time, noop and hash; paging when there are more', () => {
    const page = reportsCapabilities.query.output.parse({
      reports: [report('a1b2', 'web01.example.com', 'failed', false), report('c3d4', 'db01.example.com', 'unchanged', true)],
      total: 57,
    })
    const text = renderResult('reports.query', page, plain)
    expect(cells(text)).toEqual([
      ['NODE', 'STATUS', 'ENVIRONMENT', 'TIME', 'NOOP', 'HASH'],
      ['web01.example.com', 'failed', 'production', '2026-11-25 12:00:00Z', 'a1b2'],
      ['db01.example.com', 'unchanged', 'production', '2026-11-25 12:00:00Z', 'noop', 'c3d4'],
      ['showing 2 of 57 reports'],
    ])
    const listed = reportsCapabilities.list.output.parse({ reports: [report('a1b2', 'web01.example.com', 'changed', false)] })
    expect(renderResult('reports.list', listed, plain)).not.toContain('showing')
    const coloured = renderResult('reports.query', page, color)
    expect(coloured).toContain('\u001b[31mfailed\u001b[39m')
    expect(coloured).toContain('\u001b[32munchanged\u001b[39m')
  })

  it('reports.get: the report as a tree, with its lists as indexed entries', () => {
    const result = reportsCapabilities.get.output.parse({
      report: {
        ...report('a1b2', 'web01.example.com', 'changed', false),
        metrics: [{ category: 'resources', name: 'changed', value: 1 }],
        resourceEvents: [resourceEvent],
      },
    })
    const text = renderResult('reports.get', result, plain)
    expect(text.startsWith('hash: a1b2\ncertname: web01.example.com\nstatus: changed\nnoop: false\n')).toBe(true)
    expect(text).toContain('metrics:\n  [0]:\n    category: resources\n    name: changed\n    value: 1\n')
    expect(text).toContain('logs: []\n')
    expect(text).toContain('resourceEvents:\n  [0]:\n    certname: web01.example.com\n')
  })

  it('events.list and events.query: time, node, status, Type[title] and property', () => {
    const page = eventsCapabilities.query.output.parse({
      events: [resourceEvent, { ...resourceEvent, resourceType: 'Service', resourceTitle: 'nginx', property: null, status: 'failure', message: null }],
      total: 2,
    })
    for (const id of ['events.list', 'events.query']) {
      expect(cells(renderResult(id, page, plain))).toEqual([
        ['TIME', 'NODE', 'STATUS', 'RESOURCE', 'PROPERTY'],
        ['2026-11-25 12:00:12Z', 'web01.example.com', 'success', 'File[/etc/motd]', 'content'],
        ['2026-11-25 12:00:12Z', 'web01.example.com', 'failure', 'Service[nginx]'],
      ])
    }
  })

  it('package.list and package.search: one row per package, and a node\'s error as its own line', () => {
    const result = packagesCapabilities.list.output.parse({
      nodes: [
        {
          node: 'web01.example.com',
          manager: 'apt',
          packages: [
            { name: 'nginx', version: '1.22.1-9', arch: 'amd64', status: 'installed' },
            { name: 'openssl', version: '3.0.11-1', arch: 'amd64', status: 'upgradable', availableVersion: '3.0.13-1' },
          ],
        },
        { node: 'db01.example.com', manager: 'dnf', packages: [{ name: 'postgresql', version: '15.4', arch: 'x86_64', manager: 'dnf' }] },
        { node: 'win01.example.com', packages: [], error: { code: 'PACKAGE_MANAGER_UNKNOWN', message: 'No supported package manager on win01.example.com' } },
      ],
    })
    for (const id of ['package.list', 'package.search']) {
      expect(cells(renderResult(id, result, plain))).toEqual([
        ['NODE', 'MANAGER', 'NAME', 'VERSION', 'ARCH', 'STATUS'],
        ['web01.example.com', 'apt', 'nginx', '1.22.1-9', 'amd64', 'installed'],
        ['web01.example.com', 'apt', 'openssl', '3.0.11-1 → 3.0.13-1', 'amd64', 'upgradable'],
        ['db01.example.com', 'dnf', 'postgresql', '15.4', 'x86_64'],
        ['win01.example.com: error (PACKAGE_MANAGER_UNKNOWN): No supported package manager on win01.example.com'],
      ])
    }
  })

  it('task.list: name, source and description', () => {
    const result = resultOf(remoteExecutionCapabilities.listTasks).parse({
      tasks: [
        { name: 'package::install', description: 'Install a package', parameters: { name: { type: 'String[1]', required: true } }, source: 'bolt' },
        { name: 'service', parameters: {}, source: 'bolt' },
      ],
      sources: [{ plugin: 'bolt', ok: true, count: 2, durationMs: 300 }],
      partial: false,
    })
    expect(cells(renderResult('task.list', result, plain))).toEqual([
      ['NAME', 'SOURCE', 'DESCRIPTION'],
      ['package::install', 'bolt', 'Install a package'],
      ['service', 'bolt'],
    ])
  })

  it('falls back to a tree for other capabilities and for results not of the expected shape', () => {
    expect(hasResultLayout('inventory.list')).toBe(true)
    expect(hasResultLayout('alerts.list')).toBe(false)
    expect(renderResult('alerts.list', { alerts: [{ id: 'a1', severity: 'critical' }] }, plain)).toBe('alerts:\n  [0]:\n    id: a1\n    severity: critical\n')
    expect(renderResult('inventory.list', { nodes: 'oops' }, plain)).toBe('nodes: oops\n')
    expect(renderResult('inventory.list', null, plain)).toBe('null\n')
  })

  it('has no ANSI codes without colour, and some with it', () => {
    const result = resultOf(inventoryCapabilities.list).parse({ nodes: [web01], sources: okSources, partial: false, ...noConflicts })
    expect(renderResult('inventory.list', result, plain)).not.toContain('\u001b[')
    const coloured = renderResult('inventory.list', result, color)
    expect(coloured).toContain('\u001b[')
    expect(stripAnsi(coloured)).toBe(renderResult('inventory.list', result, plain))
  })
})
