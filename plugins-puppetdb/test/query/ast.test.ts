import { isCapstanError } from 'capstan'
import { describe, expect, it } from 'vitest'
import { fact, fn, nodeActive, parameter, q } from '../../src/query/index.js'
import { recordedQuery } from '../support/fake-transport.js'

const nodes = q('nodes')
const facts = q('facts')
const reports = q('reports')
const inventory = q('inventory')
const resources = q('resources')
const factContents = q('fact_contents')

describe('q: the AST matches what PuppetDB was sent in the recordings', () => {
  it('from with a fact condition, order_by and limit (query_ast_from_nodes)', () => {
    expect(nodes.from(nodes.eq(fact('role'), 'db'), { orderBy: [{ field: 'certname' }], limit: 3 })).toEqual(recordedQuery('query_ast_from_nodes'))
  })

  it('in over an explicit select_reports subquery (query_ast_subquery_reports)', () => {
    const noopLatest = reports.and(reports.eq('latest_report?', true), reports.eq('noop', true))
    expect(nodes.inQuery('certname', reports.extract('certname', reports.select(noopLatest)))).toEqual(recordedQuery('query_ast_subquery_reports'))
  })

  it('from facts with an extract and a select_nodes subquery (query_ast_post_facts_extract)', () => {
    const built = facts.from(
      facts.extract(
        ['certname', 'value'],
        facts.and(facts.eq('name', 'os'), facts.inQuery('certname', nodes.extract('certname', nodes.select(nodes.eq('certname', 'node001.db.example.com'))))),
      ),
    )
    expect(built).toEqual(recordedQuery('query_ast_post_facts_extract'))
  })

  it('regex match, equality on a dotted path, a path array, node active', () => {
    expect(nodes.match('certname', 'web')).toEqual(recordedQuery('query_nodes_paged_post'))
    expect(inventory.eq('facts.os.family', 'Debian')).toEqual(recordedQuery('query_inventory_debian'))
    expect(factContents.eq('path', ['os', 'release', 'major'])).toEqual(recordedQuery('query_fact_contents_os_release_major'))
    expect(nodes.eq(nodeActive, false)).toEqual(recordedQuery('query_nodes_deactivated'))
    expect(q('events').and(q('events').eq('status', 'noop'), q('events').eq('latest_report?', true))).toEqual(recordedQuery('query_events_noop_latest'))
  })
})

describe('q: one operator at a time', () => {
  it('comparisons', () => {
    expect(reports.lt('report_format', 10)).toEqual(['<', 'report_format', 10])
    expect(reports.lte('receive_time', '2026-11-24T00:00:00Z')).toEqual(['<=', 'receive_time', '2026-11-24T00:00:00Z'])
    expect(reports.gt('report_format', 9)).toEqual(['>', 'report_format', 9])
    expect(reports.gte('report_format', 12)).toEqual(['>=', 'report_format', 12])
  })

  it('null? defaults to "is null" and takes false for "has a value"', () => {
    expect(nodes.isNull('deactivated')).toEqual(['null?', 'deactivated', true])
    expect(nodes.isNull('deactivated', false)).toEqual(['null?', 'deactivated', false])
  })

  it('and, or, not nest queries as given', () => {
    const a = nodes.eq('certname', 'a')
    const b = nodes.eq('certname', 'b')
    expect(nodes.or(a, b)).toEqual(['or', ['=', 'certname', 'a'], ['=', 'certname', 'b']])
    expect(nodes.not(nodes.and(a, b))).toEqual(['not', ['and', ['=', 'certname', 'a'], ['=', 'certname', 'b']]])
  })

  it('an empty and/or is a VALIDATION_ERROR, as PuppetDB would answer it with a 400', () => {
    for (const build of [() => nodes.and(), () => nodes.or()]) {
      let error: unknown
      try {
        build()
      } catch (e) {
        error = e
      }
      expect(isCapstanError(error, 'VALIDATION_ERROR')).toBe(true)
      expect((error as Error).message).toMatch(/at least one query/)
    }
  })

  it('in with values is an array statement; on a fact too', () => {
    expect(nodes.in('certname', ['a', 'b'])).toEqual(['in', 'certname', ['array', ['a', 'b']]])
    expect(nodes.in(fact('role'), ['db', 'lb'])).toEqual(['in', ['fact', 'role'], ['array', ['db', 'lb']]])
    expect(nodes.in('certname', [])).toEqual(['in', 'certname', ['array', []]])
  })

  it('in on a dotted path becomes an or of equalities (PuppetDB 7.12 answers in/array there with a 500)', () => {
    expect(inventory.in('facts.os.family', ['Debian', 'RedHat'])).toEqual(['or', ['=', 'facts.os.family', 'Debian'], ['=', 'facts.os.family', 'RedHat']])
    expect(inventory.in('facts.os.family', [])).toEqual(['and', ['null?', 'facts.os.family', true], ['null?', 'facts.os.family', false]])
  })

  it('in does not keep the caller array: changing it later does not change the query', () => {
    const values = ['a']
    const built = nodes.in('certname', values)
    values.push('b')
    expect(built).toEqual(['in', 'certname', ['array', ['a']]])
  })

  it('multi-field in over a from subquery', () => {
    const sub = factContents.from(factContents.extract(['certname', 'name'], factContents.matchPath('path', ['up.*'])))
    expect(facts.inQuery(['certname', 'name'], sub)).toEqual([
      'in',
      ['certname', 'name'],
      ['from', 'fact_contents', ['extract', ['certname', 'name'], ['~>', 'path', ['up.*']]]],
    ])
  })

  it('implicit subquery names the related entity', () => {
    expect(nodes.subquery('resources', resources.and(resources.eq('type', 'Package'), resources.eq(parameter('ensure'), 'latest')))).toEqual([
      'subquery',
      'resources',
      ['and', ['=', 'type', 'Package'], ['=', ['parameter', 'ensure'], 'latest']],
    ])
  })

  it('extract: a single field stays a string, functions and group_by', () => {
    expect(nodes.extract('certname')).toEqual(['extract', 'certname'])
    expect(nodes.extract(['certname'])).toEqual(['extract', ['certname']])
    expect(reports.extract([fn('count'), 'status'], reports.eq('latest_report?', true), ['status'])).toEqual([
      'extract',
      [['function', 'count'], 'status'],
      ['=', 'latest_report?', true],
      ['group_by', 'status'],
    ])
    expect(reports.extract([fn('count'), 'status'], undefined, ['status'])).toEqual(['extract', [['function', 'count'], 'status'], ['group_by', 'status']])
    expect(facts.extract(fn('avg', 'value'), facts.eq('name', 'uptime_seconds'))).toEqual(['extract', ['function', 'avg', 'value'], ['=', 'name', 'uptime_seconds']])
  })

  it('select_<entity> uses the AST entity name', () => {
    expect(factContents.select(factContents.eq('value', 'x'))).toEqual(['select_fact_contents', ['=', 'value', 'x']])
  })

  it('from: paging clauses in PuppetDB form, order only when given', () => {
    expect(reports.from()).toEqual(['from', 'reports'])
    expect(reports.from(undefined, { orderBy: [{ field: 'receive_time', order: 'desc' }, { field: 'hash' }], limit: 10, offset: 20 })).toEqual([
      'from',
      'reports',
      ['order_by', [['receive_time', 'desc'], 'hash']],
      ['limit', 10],
      ['offset', 20],
    ])
  })

  it('from: a bad limit, offset or order is a VALIDATION_ERROR naming it', () => {
    const cases: Array<[unknown, string]> = [
      [{ limit: 0 }, 'limit'],
      [{ offset: -1 }, 'offset'],
      [{ limit: 1.5 }, 'limit'],
      [{ orderBy: [{ field: 'certname', order: 'down' }] }, 'orderBy[0].order'],
    ]
    for (const [paging, field] of cases) {
      let error: unknown
      try {
        nodes.from(undefined, paging as never)
      } catch (e) {
        error = e
      }
      expect(isCapstanError(error, 'VALIDATION_ERROR')).toBe(true)
      expect((error as { details: { field: string } }).details.field).toBe(field)
    }
  })

  it('builder methods work destructured (no this)', () => {
    const { eq, and } = q('nodes')
    expect(and(eq('certname', 'a'))).toEqual(['and', ['=', 'certname', 'a']])
  })
})
