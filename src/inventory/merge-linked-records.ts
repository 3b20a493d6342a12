import type { Node, SourceNode } from '../capabilities/models/node.js'
import { compareIdentities } from './compare-identities.js'
import { compareStrings } from './compare-strings.js'
import { isLoopbackName } from './is-loopback-name.js'
import { mergeFirstWins } from './merge-first-wins.js'
import type { NodeIdentity } from './node-identities.js'
import { sortedUnique } from './sorted-unique.js'
import type { SourceRecord } from './source-record.js'

type JsonRecord = Record<string, unknown>

/** A source record with its identities already computed (by {@link nodeIdentities}, id first). */
export interface LinkedRecord extends SourceRecord {
  /** Identities of the record; the first is its id. */
  identities: NodeIdentity[]
}

/**
 * Builds one {@link Node} from records that name the same machine.
 *
 * Precedence: records are ordered by source name, then by id; for `uri`,
 * `transport` and each top-level key of `config`, `vars` and `facts` the
 * first record in that order that has a value wins (later records only fill
 * gaps). A fixed order rather than "last write wins" keeps the result
 * independent of the order in which sources answered.
 *
 * `sourceData` holds one record per source: when a source reports the same
 * machine twice (for example under a name and under an IP), the first record
 * in the order above is kept there; the others still contribute their names
 * (to `aliases`), groups and values.
 *
 * `unlinked` holds the keys linking did not use (see `linkInventory`): a
 * record lists such a key among the node's names only when it is the
 * record's own id, so every name belongs to one node.
 */
export function mergeLinkedRecords(records: readonly LinkedRecord[], unlinked: ReadonlySet<string> = new Set()): Node {
  const ordered = records.length === 1 ? records : [...records].sort(compareRecords)
  let canonical = ordered[0]!
  const groups: string[] = []
  const sources: string[] = []
  const sourceData: Record<string, SourceNode> = {}
  // Most machines get config, vars and facts from one source each, so a list is only made for a second one.
  const config = new FirstWins()
  const vars = new FirstWins()
  const facts = new FirstWins()
  let uri: string | undefined
  let transport: string | undefined
  for (const record of ordered) {
    // Strictly smaller only: among records with the same id, the first in precedence order stays canonical.
    if (compareIdentities(record.identities[0]!, canonical.identities[0]!) < 0) canonical = record
    const { node, source } = record
    if (node.groups !== undefined) for (const group of node.groups) groups.push(group)
    // Records are ordered by source, so a repeated source is always the previous one.
    if (sources.length === 0 || sources[sources.length - 1] !== source) {
      sources.push(source)
      sourceData[source] = node
    }
    uri ??= node.uri
    transport ??= node.transport
    config.add(node.config)
    vars.add(node.vars)
    facts.add(node.facts)
  }
  const id = canonical.identities[0]!
  const merged: Node = {
    id: id.raw,
    name: canonical.node.name ?? id.raw,
    aliases: aliasesOf(ordered, id.key, unlinked),
    groups: sortedUnique(groups),
    // Copied to their exact size: every node of a large inventory is kept, so the room pushing leaves adds up.
    sources: sources.slice(),
    sourceData,
  }
  // Optional fields are only set when present, so an absent uri is absent rather than `uri: undefined`.
  if (uri !== undefined) merged.uri = uri
  if (transport !== undefined) merged.transport = transport
  if (config.first !== undefined) merged.config = config.merged()
  if (vars.first !== undefined) merged.vars = vars.merged()
  if (facts.first !== undefined) merged.facts = facts.merged()
  return merged
}

/** The values of one field in precedence order, without a list for the usual single value. */
class FirstWins {
  first: JsonRecord | undefined
  #rest: JsonRecord[] | undefined

  add(value: JsonRecord | undefined): void {
    if (value === undefined) return
    if (this.first === undefined) this.first = value
    else (this.#rest ??= []).push(value)
  }

  /** A new object: the merge of every value added, the first holding a key winning (see {@link mergeFirstWins}). */
  merged(): JsonRecord {
    return this.#rest === undefined ? { ...this.first } : mergeFirstWins([this.first!, ...this.#rest])
  }
}

/**
 * Every name of the machine except its id and loopback names, one spelling
 * per comparable form.
 * Includes identifiers, uri hosts and identity facts, so that linking the
 * output again finds the same nodes (linking is idempotent) and targets can
 * name a node by any of them.
 */
function aliasesOf(records: readonly LinkedRecord[], idKey: string, unlinked: ReadonlySet<string>): string[] {
  // The best spelling of each key: found by a scan for the handful of names a machine usually has, by a map past that.
  const best: NodeIdentity[] = []
  let byKey: Map<string, number> | undefined
  for (const record of records) {
    const ownId = record.identities[0]!.key
    for (const identity of record.identities) {
      // A loopback id links its own records but names no machine to the outside, like any other loopback name.
      if (identity.key === idKey || isLoopbackName(identity.key, identity.kind)) continue
      if (unlinked.size > 0 && identity.key !== ownId && unlinked.has(identity.key)) continue
      const at = byKey === undefined ? scanFor(best, identity.key) : (byKey.get(identity.key) ?? -1)
      if (at >= 0) {
        if (compareIdentities(identity, best[at]!) < 0) best[at] = identity
        continue
      }
      byKey?.set(identity.key, best.length)
      best.push(identity)
      if (byKey === undefined && best.length > scanMax) byKey = new Map(best.map(({ key }, index) => [key, index]))
    }
  }
  const aliases = best.map(({ raw }) => raw)
  // Distinct keys have distinct spellings, so there is nothing left to deduplicate.
  return aliases.length > 1 ? aliases.sort() : aliases
}

/** Up to this many names are looked up by a scan, which beats a map for the handful a machine usually has. */
const scanMax = 16

function scanFor(identities: readonly NodeIdentity[], key: string): number {
  for (let i = 0; i < identities.length; i++) if (identities[i]!.key === key) return i
  return -1
}

/** Source, then id, then content: a total order, so equal inputs in any order merge alike. */
function compareRecords(a: LinkedRecord, b: LinkedRecord): number {
  return (
    compareStrings(a.source, b.source) ||
    compareStrings(a.identities[0]!.key, b.identities[0]!.key) ||
    compareStrings(a.node.id, b.node.id) ||
    compareStrings(JSON.stringify(a.node), JSON.stringify(b.node))
  )
}
