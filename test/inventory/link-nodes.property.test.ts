import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Node } from '../../src/capabilities/models/node.js'
import { compareIdentities } from '../../src/inventory/compare-identities.js'
import { identityKey } from '../../src/inventory/identity-key.js'
import { isLoopbackName } from '../../src/inventory/is-loopback-name.js'
import { linkNodes } from '../../src/inventory/link-nodes.js'
import { nodeIdentities } from '../../src/inventory/node-identities.js'
import type { SourceRecord } from '../../src/inventory/source-record.js'

// A small pool of names, so random records collide often and every link rule is hit:
// short names with one or two FQDNs, IPv4 and IPv6, plain inventory ids.
const names = ['web01', 'web02', 'db01', 'web01.eu.example.com', 'web01.us.example.com', 'db01.example.com', 'app.example.org', '10.0.0.1', '10.0.0.2', '::1', 'i-1', 'i-2']

const name = fc.constantFrom(...names).chain((value) => fc.constantFrom(value, value.toUpperCase(), `${value}.`.replace('..', '.')))
const uri = fc.tuple(fc.constantFrom(...names), fc.constantFrom('%', '%:22', 'ssh://admin@%:22', 'winrm://%')).map(([host, format]) =>
  format.replace('%', host.includes(':') ? `[${host}]` : host),
)
const record: fc.Arbitrary<SourceRecord> = fc.record({
  source: fc.constantFrom('puppetdb', 'bolt', 'terraform'),
  node: fc.record(
    {
      id: name,
      name,
      aliases: fc.array(name, { maxLength: 2 }),
      identifiers: fc.array(name, { maxLength: 2 }),
      uri,
      groups: fc.array(fc.constantFrom('web', 'db', 'eu'), { maxLength: 2 }),
      vars: fc.dictionary(fc.constantFrom('role', 'env', 'tier'), fc.string({ maxLength: 3 }), { maxKeys: 2 }),
      facts: fc.record({ networking: fc.record({ fqdn: name, ip: name }, { requiredKeys: [] }), certname: name }, { requiredKeys: [] }),
    },
    { requiredKeys: ['id'] },
  ),
})
const records = fc.array(record, { maxLength: 12 })

/** Comparable names of a linked node, for looking up where a record landed. */
const keysOf = (node: Node): string[] => [node.id, ...node.aliases].map((value) => identityKey(value) ?? value)

/** Links nodes again as if one source had reported them. */
const relink = (nodes: Node[]): Node[] => linkNodes(nodes.map((node) => ({ source: 'again', node })))

// FC_RUNS=5000 digs deeper locally; the default keeps the suite fast.
const numRuns = Number(process.env.FC_RUNS ?? 200)

describe('linkNodes properties', () => {
  it('puts every identity of a record into exactly one node, with the record', () => {
    fc.assert(
      fc.property(records, (input) => {
        const nodes = linkNodes(input)
        const owner = new Map<string, number>()
        nodes.forEach((node, index) => {
          for (const key of keysOf(node)) {
            expect(owner.has(key)).toBe(false)
            owner.set(key, index)
          }
        })
        for (const { source, node } of input) {
          // A loopback id links its own records but is not listed as an alias of a node whose id is another name.
          const named = nodeIdentities(node).filter((identity) => !isLoopbackName(identity.key, identity.kind) || owner.has(identity.key))
          const homes = new Set(named.map((identity) => owner.get(identity.key)))
          // A record known only by a loopback id that linked into another node has nothing left to check.
          if (named.length === 0) continue
          expect(homes.size).toBe(1)
          const home = nodes[[...homes][0]!]!
          expect(home.sources).toContain(source)
        }
      }),
      { numRuns },
    )
  })

  it('is transitive: a chain a~b, b~c, ... makes one node', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.stringMatching(/^[a-z]{3,8}$/), { minLength: 2, maxLength: 8 }), fc.nat(), (tokens, seed) => {
        // Record i knows tokens i and i+1 (by alias or identifier), so only the chain as a whole links them all.
        const chain: SourceRecord[] = tokens.slice(0, -1).map((token, i) => ({
          source: `s${(seed + i) % 3}`,
          node: (seed + i) % 2 === 0 ? { id: `${token}-id`, aliases: [token, tokens[i + 1]!] } : { id: `${token}-id`, identifiers: [token, tokens[i + 1]!] },
        }))
        expect(linkNodes(chain)).toHaveLength(1)
      }),
      { numRuns },
    )
  })

  it('is idempotent: linking the output again keeps ids and aliases', () => {
    fc.assert(
      fc.property(records, (input) => {
        const once = linkNodes(input)
        const twice = relink(once)
        expect(twice.map((node) => [node.id, node.aliases])).toEqual(once.map((node) => [node.id, node.aliases]))
      }),
      { numRuns },
    )
  })

  it('does not depend on the order of records', () => {
    fc.assert(
      fc.property(
        records.chain((input) => fc.tuple(fc.constant(input), fc.shuffledSubarray(input, { minLength: input.length, maxLength: input.length }))),
        ([input, shuffled]) => {
          expect(linkNodes(shuffled)).toEqual(linkNodes(input))
        },
      ),
      { numRuns },
    )
  })

  it('chooses as id the best of the linked records\' ids, the same on every call', () => {
    fc.assert(
      fc.property(records, (input) => {
        const nodes = linkNodes(input)
        expect(linkNodes(input).map((node) => node.id)).toEqual(nodes.map((node) => node.id))
        for (const node of nodes) {
          const keys = keysOf(node)
          const candidates = input.filter(({ node: source }) => keys.includes(identityKey(source.id) ?? source.id))
          const best = candidates.map(({ node: source }) => nodeIdentities(source)[0]!).sort(compareIdentities)[0]!
          expect(node.id).toBe(best.raw)
        }
      }),
      { numRuns },
    )
  })
})
