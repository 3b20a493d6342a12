import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Node } from '../../src/capabilities/models/node.js'
import { compareIdentities } from '../../src/inventory/compare-identities.js'
import { identityKey } from '../../src/inventory/identity-key.js'
import { isLoopbackName } from '../../src/inventory/is-loopback-name.js'
import { linkInventory } from '../../src/inventory/link-inventory.js'
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
const relink = (nodes: Node[]) => linkInventory(nodes.map((node) => ({ source: 'again', node })))

/** The comparable form of a record's id. */
const idKeyOf = (node: SourceRecord['node']): string => nodeIdentities(node)[0]!.key

/** The node each input record ended in, found by its id (which always names its own node), or -1 for a loopback id. */
function homes(input: readonly SourceRecord[], nodes: readonly Node[]): number[] {
  const owner = new Map<string, number>()
  nodes.forEach((node, index) => keysOf(node).forEach((key) => owner.set(key, index)))
  return input.map(({ node }) => owner.get(idKeyOf(node)) ?? -1)
}

// FC_RUNS=5000 digs deeper locally; the default keeps the suite fast.
const numRuns = Number(process.env.FC_RUNS ?? 200)

describe('linkNodes properties', () => {
  it('puts every identity of a record into exactly one node, with the record, unless it is reported', () => {
    fc.assert(
      fc.property(records, (input) => {
        const { nodes, conflicts } = linkInventory(input)
        const reported = new Set(conflicts.map((conflict) => conflict.identity))
        const owner = new Map<string, number>()
        nodes.forEach((node, index) => {
          for (const key of keysOf(node)) {
            expect(owner.has(key)).toBe(false)
            owner.set(key, index)
          }
        })
        for (const { source, node } of input) {
          const id = idKeyOf(node)
          // A loopback id links its own records but is not listed as an alias of a node whose id is another name.
          // A name linking did not use is reported, and only the records whose id it is keep it.
          const named = nodeIdentities(node).filter(
            (identity) => (!isLoopbackName(identity.key, identity.kind) || owner.has(identity.key)) && (identity.key === id || !reported.has(identity.key)),
          )
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

  it('never puts two records of one source with different ids into one node', () => {
    fc.assert(
      fc.property(records, (input) => {
        const { nodes } = linkInventory(input)
        const idsByNode = new Map<string, string>()
        homes(input, nodes).forEach((home, position) => {
          if (home < 0) return
          const { source, node } = input[position]!
          const slot = `${home}\u0000${source}`
          const known = idsByNode.get(slot)
          if (known !== undefined) expect(idKeyOf(node)).toBe(known)
          idsByNode.set(slot, idKeyOf(node))
        })
      }),
      { numRuns },
    )
  })

  it('never makes fewer nodes than the largest source has distinct ids', () => {
    fc.assert(
      fc.property(records, (input) => {
        const idsBySource = new Map<string, Set<string>>()
        for (const { source, node } of input) idsBySource.set(source, (idsBySource.get(source) ?? new Set()).add(idKeyOf(node)))
        const largest = Math.max(0, ...[...idsBySource.values()].map((ids) => ids.size))
        expect(linkNodes(input).length).toBeGreaterThanOrEqual(largest)
      }),
      { numRuns },
    )
  })

  it('reports a name that two records of one source claim, none of them as its id, and links nothing through it', () => {
    fc.assert(
      fc.property(records, (input) => {
        const { nodes, conflicts } = linkInventory(input)
        const reported = new Set(conflicts.map((conflict) => conflict.identity))
        const claimers = new Map<string, Map<string, Set<string>>>()
        for (const { source, node } of input) {
          const id = idKeyOf(node)
          for (const { key } of nodeIdentities(node)) {
            const bySource = claimers.get(key) ?? new Map<string, Set<string>>()
            bySource.set(source, (bySource.get(source) ?? new Set()).add(id))
            claimers.set(key, bySource)
          }
        }
        const home = homes(input, nodes)
        for (const [key, bySource] of claimers) {
          const ambiguous = [...bySource.values()].some((ids) => ids.size > 1 && !ids.has(key))
          if (!ambiguous) continue
          expect(reported.has(key)).toBe(true)
          // Only records whose id it is may share a node because of it: no node lists it unless one of its records has it as id.
          nodes.forEach((node, index) => {
            if (!keysOf(node).includes(key)) return
            expect(input.some((record, position) => home[position] === index && idKeyOf(record.node) === key)).toBe(true)
          })
        }
      }),
      { numRuns },
    )
  })

  it('keeps machines apart when many share an address, and links each one\'s records by its unique address', () => {
    // Machine i has a unique address and certname; NAT machines also all report 10.0.2.15. PuppetDB names
    // machines by certname, Bolt by address or short name, Terraform by instance id, reached by address.
    const machine = fc.record({ nat: fc.boolean(), bolt: fc.boolean(), boltByName: fc.boolean(), terraform: fc.boolean() })
    fc.assert(
      fc.property(fc.array(machine, { minLength: 1, maxLength: 8 }), ([...machines]) => {
        const input: SourceRecord[] = []
        machines.forEach(({ nat, bolt, boltByName, terraform }, i) => {
          const ip = `10.0.0.${i + 1}`
          const shared = nat ? ['10.0.2.15'] : []
          const vars = { machine: i }
          input.push({ source: 'puppetdb', node: { id: `m${i}.example.com`, aliases: [`m${i}`], identifiers: [ip, ...shared], facts: { networking: { ip: shared[0] ?? ip } }, vars } })
          // Every source that reports any NAT machine reports them all, so a lone NAT address is always one machine's.
          if (bolt || nat) input.push({ source: 'bolt', node: { id: boltByName ? `m${i}` : ip, uri: `ssh://${ip}:22`, facts: nat ? { ipaddress: '10.0.2.15' } : {}, vars } })
          if (terraform) input.push({ source: 'terraform', node: { id: `i-${i}`, uri: `ssh://admin@${ip}:22`, identifiers: shared, vars } })
        })
        const { nodes } = linkInventory(input)
        expect(nodes).toHaveLength(machines.length)
        for (const node of nodes) {
          const owners = new Set(Object.values(node.sourceData).map((data) => data.vars?.machine))
          expect(owners.size).toBe(1)
        }
      }),
      { numRuns },
    )
  })

  it('is transitive: a chain a~b, b~c, ... of records from different sources makes one node', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.stringMatching(/^[a-z]{3,8}$/), { minLength: 2, maxLength: 8 }), fc.nat(), (tokens, seed) => {
        // Record i knows tokens i and i+1 (by alias or identifier), so only the chain as a whole links them all.
        const chain: SourceRecord[] = tokens.slice(0, -1).map((token, i) => ({
          source: `s${i}`,
          node: (seed + i) % 2 === 0 ? { id: `${token}-id`, aliases: [token, tokens[i + 1]!] } : { id: `${token}-id`, identifiers: [token, tokens[i + 1]!] },
        }))
        expect(linkNodes(chain)).toHaveLength(1)
      }),
      { numRuns },
    )
  })

  it('is idempotent: linking the output again keeps ids, and aliases up to names either pass reports', () => {
    fc.assert(
      fc.property(records, (input) => {
        const once = linkInventory(input)
        const twice = relink(once.nodes)
        expect(twice.nodes.map((node) => node.id)).toEqual(once.nodes.map((node) => node.id))
        // A dropped name can live on in merged facts: as one source, the second pass may see it shared (and drop
        // an alias) or unique (and list it again). Any other difference would be linking that is not idempotent.
        const reportedOnce = new Set(once.conflicts.map((conflict) => conflict.identity))
        const reportedTwice = new Set(twice.conflicts.map((conflict) => conflict.identity))
        const keys = (node: Node) => new Set(node.aliases.map((alias) => identityKey(alias) ?? alias))
        once.nodes.forEach((node, index) => {
          const before = keys(node)
          const after = keys(twice.nodes[index]!)
          for (const key of after) if (!before.has(key)) expect(reportedOnce.has(key)).toBe(true)
          for (const key of before) if (!after.has(key)) expect(reportedTwice.has(key)).toBe(true)
        })
      }),
      { numRuns },
    )
  })

  it('does not depend on the order of records: same nodes, same conflicts', () => {
    fc.assert(
      fc.property(
        records.chain((input) => fc.tuple(fc.constant(input), fc.shuffledSubarray(input, { minLength: input.length, maxLength: input.length }))),
        ([input, shuffled]) => {
          expect(linkInventory(shuffled)).toEqual(linkInventory(input))
        },
      ),
      { numRuns },
    )
  })

  it('partitions the same way whatever the sources are called', () => {
    fc.assert(
      fc.property(records, (input) => {
        // Reversing the alphabetical order of the source names changes every precedence except the partition's.
        const renamed = input.map(({ source, node }) => ({ source: { puppetdb: 'c', bolt: 'b', terraform: 'a' }[source] ?? source, node }))
        const groupsOf = (linked: SourceRecord[]) => {
          const home = homes(linked, linkNodes(linked))
          return input.map((_, position) => input.map((__, other) => home[other] === home[position] && home[position] !== -1))
        }
        expect(groupsOf(renamed)).toEqual(groupsOf(input))
      }),
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
