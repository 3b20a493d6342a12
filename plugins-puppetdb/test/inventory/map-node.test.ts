import { isCapstanError, SourceNode } from 'capstan'
import { describe, expect, it } from 'vitest'
import { mapNode } from '../../src/inventory/map-node.js'
import { catchError } from '@capstan/test-support/catch-error'
import { fixtureRows, withFields } from '../support/fixture.js'

const nodeFixtures = [
  'query_nodes_all',
  'query_nodes_one',
  'query_nodes_deactivated',
  'query_nodes_failed_latest',
  'query_nodes_paged',
  'query_nodes_paged_post',
  'query_ast_from_nodes',
  'query_ast_subquery_reports',
]

const [node001] = fixtureRows('query_nodes_one')
const [retired] = fixtureRows('query_nodes_deactivated')

describe('mapNode', () => {
  it.each(nodeFixtures)('maps every row of %s onto a valid SourceNode', (name) => {
    const rows = fixtureRows(name)
    expect(rows.length).toBeGreaterThan(0)
    for (const row of rows) {
      const node = mapNode(row, { groups: [] }, 'puppetdb')
      expect(SourceNode.parse(node)).toEqual(node)
      expect(node.id).toBe(row['certname'])
    }
  })

  it('maps a node with a catalog and a report: id, short-name alias, vars', () => {
    expect(mapNode(node001!, { groups: ['production', 'db'] }, 'puppetdb')).toEqual({
      id: 'node001.db.example.com',
      aliases: ['node001'],
      identifiers: [],
      groups: ['production', 'db'],
      vars: {
        environment: 'production',
        latestReportStatus: 'changed',
        latestReportHash: 'e8138d7b2f7f992c43e6ea67495879e98691a71e',
        latestReportNoop: false,
        latestReportNoopPending: false,
        reportTimestamp: '2026-11-24T19:34:32.000Z',
        factsTimestamp: '2026-11-24T19:34:32.586Z',
        catalogTimestamp: '2026-11-24T19:34:32.727Z',
        cachedCatalogStatus: 'not_used',
      },
    })
  })

  it('leaves the nulls of a deactivated node out of vars, and keeps deactivated', () => {
    const node = mapNode(retired!, { groups: [] }, 'puppetdb')
    expect(node.vars).toEqual({
      environment: 'production',
      factsTimestamp: '2026-11-24T19:34:36.541Z',
      deactivated: '2026-11-24T19:34:36.557Z',
    })
    expect(Object.values(node.vars ?? {})).not.toContain(null)
    expect(Object.values(node.vars ?? {})).not.toContain('null')
  })

  it('takes the environment from the catalog, else the facts, else the report', () => {
    const env = (changes: Record<string, unknown>) => mapNode(withFields(node001!, changes), { groups: [] }, 'p').vars?.['environment']
    expect(env({ catalog_environment: 'catalog', facts_environment: 'facts', report_environment: 'report' })).toBe('catalog')
    expect(env({ catalog_environment: null, facts_environment: 'facts', report_environment: 'report' })).toBe('facts')
    expect(env({ catalog_environment: null, facts_environment: null, report_environment: 'report' })).toBe('report')
    expect(env({ catalog_environment: null, facts_environment: null, report_environment: null })).toBeUndefined()
  })

  it('keeps a corrective change and an expiry when PuppetDB has them, times in UTC', () => {
    const node = mapNode(withFields(node001!, { latest_report_corrective_change: true, expired: '2026-11-24T20:00:00+01:00' }), { groups: [] }, 'p')
    expect(node.vars).toMatchObject({ latestReportCorrectiveChange: true, expired: '2026-11-24T19:00:00.000Z' })
  })

  it('adds the identity facts that differ from the certname as identifiers, and keeps the facts', () => {
    const facts = {
      networking: { ip: '10.10.1.17', fqdn: 'node001.db.example.com' },
      fqdn: 'NODE001.db.example.com',
      ipaddress: '10.10.1.17',
      os: { family: 'Debian' },
    }
    const node = mapNode(node001!, { facts, groups: [] }, 'puppetdb')
    expect(node.identifiers).toEqual(['10.10.1.17'])
    expect(node.facts).toEqual(facts)
    expect(mapNode(node001!, { facts: { fqdn: 'db-primary.example.com', ipaddress: 42 }, groups: [] }, 'p').identifiers).toEqual([
      'db-primary.example.com',
    ])
  })

  it('sets facts only when given, empty ones included', () => {
    expect(mapNode(node001!, { groups: [] }, 'p')).not.toHaveProperty('facts')
    expect(mapNode(node001!, { facts: {}, groups: [] }, 'p').facts).toEqual({})
  })

  it('has no uri, transport or name: PuppetDB knows no way to reach a node', () => {
    const node = mapNode(node001!, { groups: [] }, 'p')
    expect(Object.keys(node).sort()).toEqual(['aliases', 'groups', 'id', 'identifiers', 'vars'])
  })

  it.each([
    ['web01', []],
    ['10.1.2.3', []],
    ['fe80::1', []],
    ['web01.example.com', ['web01']],
  ])('gives %s the aliases %j', (certname, aliases) => {
    expect(mapNode(withFields(node001!, { certname }), { groups: [] }, 'p').aliases).toEqual(aliases)
  })

  it('copies the groups, so the caller may reuse its array', () => {
    const groups = ['production']
    const node = mapNode(node001!, { groups }, 'p')
    groups.push('db')
    expect(node.groups).toEqual(['production'])
  })

  it.each([
    [{ certname: undefined }, 'certname'],
    [{ certname: '' }, 'certname'],
    [{ certname: 42 }, 'certname'],
    [{ latest_report_noop: 'false' }, 'latest_report_noop'],
    [{ report_timestamp: 'yesterday' }, 'report_timestamp'],
  ])('rejects a row with %j as PLUGIN_ERROR naming %s', (changes, field) => {
    const error = catchError(() => mapNode(withFields(node001!, changes), { groups: [] }, 'puppetdb'))
    expect(isCapstanError(error, 'PLUGIN_ERROR')).toBe(true)
    expect((error as Error).message).toContain(field)
    expect((error as { details: Record<string, unknown> }).details).toMatchObject({ field, entity: 'nodes', plugin: 'puppetdb' })
  })

  it('names the certname of the broken row', () => {
    const error = catchError(() => mapNode(withFields(node001!, { facts_timestamp: 7 }), { groups: [] }, 'puppetdb'))
    expect((error as Error).message).toMatch(/certname node001\.db\.example\.com.*facts_timestamp/)
    expect((error as { details: Record<string, unknown> }).details['certname']).toBe('node001.db.example.com')
  })

  it.each([null, 'node001', [node001]])('rejects %j, which is no row at all, as PLUGIN_ERROR', (row) => {
    const error = catchError(() => mapNode(row, { groups: [] }, 'puppetdb'))
    expect(isCapstanError(error, 'PLUGIN_ERROR')).toBe(true)
    expect((error as { details: Record<string, unknown> }).details['field']).toBe('(root)')
  })
})
