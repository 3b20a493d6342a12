import type { SourceNode } from '../capabilities/models/node.js'
import { uriIdentity } from './uri-identity.js'
import { identityKey } from './identity-key.js'
import { identityKind, type IdentityKind } from './identity-kind.js'
import { isLoopbackName } from './is-loopback-name.js'

/** One name a node is known by, as written and in comparable form. */
export interface NodeIdentity {
  /** The name as the source wrote it (trimmed). */
  raw: string
  /** The comparable form from {@link identityKey}. */
  key: string
  /** What the name looks like. */
  kind: IdentityKind
}

/**
 * Facts that name the machine itself, as path segments. Puppet, Facter and
 * Bolt put the same identity in different places, so all of them are tried.
 */
const identityFacts: ReadonlyArray<readonly string[]> = [['fqdn'], ['networking', 'fqdn'], ['certname'], ['ipaddress'], ['networking', 'ip'], ['trusted', 'certname']]

/**
 * Every name that identifies `node` for linking, each spelling once: its id
 * (always first, so callers can find it), name, aliases, identifiers, the
 * host of its uri and the identity facts `fqdn`, `networking.fqdn`,
 * `certname`, `ipaddress`, `networking.ip` and `trusted.certname`.
 * Loopback names other than the id are left out (see {@link isLoopbackName}):
 * they would link every machine that reports them. The id always counts,
 * since it is the record's own handle.
 */
export function nodeIdentities(node: SourceNode): NodeIdentity[] {
  // An id that normalises to nothing still needs an identity: it is the record's only handle.
  const idKey = identityKey(node.id) ?? node.id
  const out: NodeIdentity[] = [{ raw: node.id.trim(), key: idKey, kind: identityKind(idKey) }]
  addIdentity(out, node.name)
  if (node.aliases !== undefined) for (const alias of node.aliases) addIdentity(out, alias)
  if (node.identifiers !== undefined) for (const identifier of node.identifiers) addIdentity(out, identifier)
  if (node.uri !== undefined) addIdentity(out, uriIdentity(node.uri))
  if (node.facts !== undefined) for (const path of identityFacts) addIdentity(out, factAt(node.facts, path))
  // The list lives as long as the linking pass: copied, it holds just its names rather than the room pushing left.
  return out.length === 1 ? out : out.slice()
}

/**
 * Adds `value` unless it is not a name or already listed with this spelling.
 * Other spellings of a known name are kept: the merged node lists the best
 * spelling among all of them, and must see them all to pick the same one
 * when its output is linked again. (A node has a handful of names, so a scan
 * beats a Set.)
 */
function addIdentity(out: NodeIdentity[], value: unknown): void {
  if (typeof value !== 'string') return
  const raw = value.trim()
  // Sources repeat the same spelling (id, fqdn fact, uri host); skipping it before normalising saves the work.
  for (const known of out) if (known.raw === raw) return
  const key = identityKey(raw)
  if (key === undefined) return
  const kind = identityKind(key)
  if (!isLoopbackName(key, kind)) out.push({ raw, key, kind })
}

function factAt(facts: Record<string, unknown>, path: readonly string[]): unknown {
  let current: unknown = facts
  for (const segment of path) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, segment)) return undefined
    current = (current as Record<string, unknown>)[segment]
  }
  return current
}
