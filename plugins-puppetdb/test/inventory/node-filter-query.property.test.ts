// The pushed-down condition may select more nodes than the filter means, never
// fewer: every node the host's matchesFilter accepts must also be one PuppetDB
// returns for the condition. PuppetDB is modelled by evaluateCondition.
import fc from 'fast-check'
import { type FactCondition, type Node, type NodeFilter } from 'capstan'
import { linkNodes, matchesFilter } from 'capstan/plugin-kit'
import { describe, expect, it } from 'vitest'
import { deriveGroups } from '../../src/inventory/derive-groups.js'
import { mapNode } from '../../src/inventory/map-node.js'
import { nodeFilterQuery } from '../../src/inventory/node-filter-query.js'
import { projectFacts } from '../../src/inventory/project-facts.js'
import { evaluateCondition } from '../support/evaluate-condition.js'

// FC_RUNS=5000 digs deeper locally; the default keeps the suite fast.
const numRuns = Number(process.env.FC_RUNS ?? 300)

/** One `inventory` row as PuppetDB holds it. */
type InventoryRow = {
  certname: string
  environment: string
  facts: Record<string, unknown>
}

// Small pools, so filters and rows meet often. Certnames are lower case, as Puppet requires.
const certname = fc.oneof(
  fc.constantFrom('web01', 'web01.example.com', 'web02.eu.example.com', 'db1.example.com', 'app', '10.0.0.1', 'a-b.c', 'node007.lb.example.com'),
  fc.array(fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,4}$/), { minLength: 1, maxLength: 3 }).map((labels) => labels.join('.')),
)
// Numbers with one spelling in JavaScript and PostgreSQL alike, their spellings, and strings near them.
const scalar = fc.constantFrom<unknown>(
  'Debian', 'debian', 'RedHat', 'web', 'db', '7', '07', ' 7', '7.0', '+7', '0x7', '7e0', '11', '11.9', 'true', 'false', 'a b', '', 'e1', '1e1',
  '10', '-0', '0', 'bee', '99999999999999999', 7, 0, -7, 11, 1.5, 10, 1e21, 100000000000000000, true, false, null,
)
const factValue: fc.Arbitrary<unknown> = fc.oneof({ weight: 5, arbitrary: scalar }, { weight: 1, arbitrary: fc.record({ major: scalar }) })
// Identity facts: the host lists their values among the node's aliases (linking reads them).
const identity = fc.constantFrom<unknown>('web01.example.com', 'WEB01.Example.COM', 'web01.example.com.', '10.0.0.1', 'db1', 'app.', 7, null)
const facts = fc.record(
  {
    fqdn: identity,
    ipaddress: identity,
    networking: fc.record({ fqdn: identity, ip: identity }, { requiredKeys: [] }),
    os: fc.record({ family: factValue, release: fc.record({ major: factValue }, { requiredKeys: [] }) }, { requiredKeys: [] }),
    role: factValue,
    kernel: factValue,
    trusted: fc.record({ extensions: fc.record({ pp_role: factValue }, { requiredKeys: [] }) }, { requiredKeys: [] }),
  },
  { requiredKeys: [] },
)
const row: fc.Arbitrary<InventoryRow> = fc.record({ certname, environment: fc.constantFrom('production', 'staging', '7', 'true'), facts })

const groupBy = fc.subarray(['environment', 'role', 'trusted.extensions.pp_role', 'os.family', 'kernel'])

const namePattern = fc.oneof(
  fc.constantFrom('web01', 'WEB01', 'web*', 'web0?', '*.example.com', 'db1.example.com', '10.0.0.1', '10', '*', '?', '**', 'app', 'a-b', 'a-b.c'),
  fc.constantFrom('web[0-9]*', '{web,db}*', '!web01', '@(web01)', '+(web)', 'web\\01', './web01', 'web01/', 'web01.', 'a|b', 'x$', '^web', '#web'),
  fc.string({ unit: fc.constantFrom('w', 'e', 'b', '0', '1', '.', '*', '?', '^', '$', '|', '-', '/', 'A'), minLength: 1, maxLength: 8 }),
)

/** Regular expressions from the syntax both engines read alike, plus some they do not. */
const regexSource = fc.letrec((tie) => ({
  atom: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom('a', 'e', 'b', '7', '1', '0', ' ', '.', '-', 'D', '[a-z]', '[0-9]', '[7.]', '[A-Za-z]'),
    tie('group') as fc.Arbitrary<string>,
  ),
  group: fc.array(tie('sequence') as fc.Arbitrary<string>, { minLength: 1, maxLength: 3 }).map((alternatives) => `(${alternatives.join('|')})`),
  // Only single characters repeat: a repeated group nests quantifiers, `((a*)*)*`, whose backtracking
  // takes minutes on a 17-character fact, in the host as much as here.
  sequence: fc
    .array(fc.tuple(tie('atom') as fc.Arbitrary<string>, fc.constantFrom('', '', '', '*', '+', '?', '{1,2}', '{2}')), { minLength: 1, maxLength: 3 })
    .map((parts) => parts.map(([atom, quantifier]) => atom + (atom.startsWith('(') && quantifier !== '?' ? '' : quantifier)).join('')),
})).sequence
const regex = fc.oneof(
  fc.tuple(fc.boolean(), regexSource, fc.boolean()).map(([start, body, end]) => `${start ? '^' : ''}${body}${end ? '$' : ''}`),
  fc.constantFrom('^deb', 'ian$', '^(11|12)$', '^7$', 'tru', '^$', '.', '(?=7)', '\\d', '^\\s*7', '(?i)debian', 'x{2,}'),
)
const filterValue = fc.constantFrom<string | number | boolean>('Debian', 'debian', 'web', '7', '07', '11', '11.9', 'true', 'Infinity', ' 7', 7, 11, 0, -7, 1.5, 1e21, 100000000000000000, true, false)
const condition: fc.Arbitrary<FactCondition> = fc.oneof(
  { weight: 3, arbitrary: filterValue },
  { weight: 1, arbitrary: fc.array(filterValue, { minLength: 1, maxLength: 3 }).map((values) => ({ in: values })) },
  { weight: 2, arbitrary: regex.map((source) => ({ regex: source })) },
)
const filter: fc.Arbitrary<NodeFilter> = fc.record(
  {
    names: fc.array(namePattern, { maxLength: 3 }),
    groups: fc.array(fc.constantFrom('production', 'staging', 'web', 'db', 'Debian', '7', '11', '0', 'true', 'false', '1e+21'), { maxLength: 3 }),
    facts: fc.dictionary(fc.constantFrom('os.family', 'os.release.major', 'role', 'kernel', 'trusted.extensions.pp_role', 'os.release'), condition, { maxKeys: 2 }),
  },
  { requiredKeys: [] },
)

/** The row as the host sees it: mapped by the plugin, then linked by the core. */
function hostNode(inventory: InventoryRow, paths: readonly string[]): Node {
  const projected = projectFacts({ certname: inventory.certname, facts: inventory.facts })
  const source = mapNode({ certname: inventory.certname }, { facts: projected, groups: deriveGroups({ ...projected, environment: inventory.environment }, paths) }, 'puppetdb')
  const [node] = linkNodes([{ source: 'puppetdb', node: source }])
  if (node === undefined) throw new Error('linkNodes dropped the node')
  return node
}

/** matchesFilter, or undefined when the host refuses the filter (a regex RE2 does not accept). */
function hostAccepts(node: Node, nodeFilter: NodeFilter): boolean | undefined {
  try {
    return matchesFilter(node, nodeFilter)
  } catch {
    return undefined
  }
}

describe('nodeFilterQuery: a superset of the host filter', () => {
  it('every node matchesFilter accepts is one the pushed-down condition selects', () => {
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 6 }), filter, groupBy, (rows, nodeFilter, paths) => {
        const pushed = nodeFilterQuery(nodeFilter, paths)
        // What PuppetDB receives is the JSON of the condition: it must say the same (no Infinity turned null).
        if (pushed !== undefined) expect(JSON.parse(JSON.stringify(pushed))).toEqual(pushed)
        for (const inventory of rows) {
          if (hostAccepts(hostNode(inventory, paths), nodeFilter) !== true) continue
          // The node's inventory row, as PuppetDB evaluates the condition over it.
          expect({ row: inventory, pushed, selected: pushed === undefined || evaluateCondition(pushed, inventory) }).toMatchObject({ selected: true })
        }
      }),
      { numRuns },
    )
  })

  it('pushes something down for most filters, so the test is not vacuous', () => {
    // A guard on the generator: with no pushed condition the property above holds trivially.
    const samples = fc.sample(fc.tuple(filter, groupBy), { numRuns: 300, seed: 42 })
    const pushed = samples.filter(([nodeFilter, paths]) => nodeFilterQuery(nodeFilter, paths) !== undefined)
    expect(pushed.length).toBeGreaterThan(samples.length / 2)
  })

  it('narrows: for a plain fact equality, a node with another value is not selected', () => {
    fc.assert(
      fc.property(fc.constantFrom('Debian', 'RedHat', 'Alpine'), fc.constantFrom('Debian', 'RedHat', 'Alpine'), (wanted, actual) => {
        const pushed = nodeFilterQuery({ facts: { 'os.family': wanted } }, [])
        expect(evaluateCondition(pushed, { certname: 'n1', environment: 'production', facts: { os: { family: actual } } })).toBe(wanted === actual)
      }),
    )
  })
})
