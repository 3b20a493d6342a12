import type { CapabilityDescriptor } from '../capabilities/capability.js'
import type { Node } from '../capabilities/models/node.js'
import type { TargetSpec } from '../capabilities/models/target.js'
import { CapstanError } from '../errors/capstan-error.js'
import { adHocNode } from '../inventory/ad-hoc-node.js'
import { assertNoPassword, isUriTarget, parseUriTarget, type AdHocUri } from '../inventory/ad-hoc-uri.js'
import { nodesAtUri } from '../inventory/nodes-at-uri.js'
import { isGlob } from '../patterns/parse-glob.js'
import type { CapabilityRegistry } from '../registry/capability-registry.js'
import type { InvokeOptions } from '../registry/invoke-options.js'
import { pluginUnavailable } from '../registry/unavailable-provider.js'
import type { InventoryService } from './inventory-service.js'

/** What {@link resolveUriTargets} needs of the host. */
export interface UriTargetDeps {
  registry: CapabilityRegistry
  inventory: InventoryService
}

/**
 * Resolves the names inventory did not match that are uri targets
 * (`ssh://user@host:port`, `local://name`, `user@host`; see `isUriTarget`):
 *
 * - a uri that reaches a known node ({@link nodesAtUri}) is that node, within
 *   the principal's reach like any other (out of reach, it stays unmatched,
 *   whatever patterns match the uri: a deny on `db*` holds for `ssh://db01`);
 * - otherwise it becomes a transient node ({@link adHocNode}) for the plugin
 *   the caller named (which must run that transport, or any), else for the
 *   highest-priority ready plugin that declares the transport in its
 *   metadata's `transports`; a node-scoped principal reaches it only when one
 *   of its node patterns matches the uri, and otherwise it stays unmatched.
 *
 * Other names are returned unmatched as they were.
 *
 * @throws CapstanError VALIDATION_ERROR (`field: 'targets'`) for a malformed uri
 * or one with a password; NO_PROVIDER (`field: 'targets'`, `transport`) when no
 * plugin serves the transport; PLUGIN_UNAVAILABLE when the one that would failed to start.
 */
export async function resolveUriTargets(
  deps: UriTargetDeps,
  descriptor: CapabilityDescriptor,
  names: readonly string[],
  options: InvokeOptions,
  within: ((node: Node) => boolean) | undefined,
): Promise<{ nodes: Node[]; unmatched: string[] }> {
  const parsed = names.map((name) => ({ name, target: uriTargetOf(name) }))
  if (parsed.every((p) => p.target === undefined)) return { nodes: [], unmatched: [...names] }
  const { nodes: known } = await deps.inventory.snapshot(options)
  let reachedBy = indexes.get(known)
  if (reachedBy === undefined) {
    reachedBy = nodesAtUri(known)
    indexes.set(known, reachedBy)
  }
  const nodes: Node[] = []
  const unmatched: string[] = []
  for (const { name, target } of parsed) {
    if (target === undefined) {
      unmatched.push(name)
      continue
    }
    // Among every node, not only those within reach: a deny on `db*` must hold for `ssh://db01` too.
    const existing = reachedBy(target)
    const candidates = existing.length > 0 ? existing : [adHocNode(target, servingPlugin(deps.registry, descriptor, target, options.plugin))]
    const reached = within === undefined ? candidates : candidates.filter(within)
    // Out of reach, a known node answers as an unknown host would: NO_PROVIDER for a transport nothing runs, else unmatched.
    if (existing.length > 0 && reached.length === 0) servingPlugin(deps.registry, descriptor, target, options.plugin)
    if (reached.length === 0) unmatched.push(name)
    nodes.push(...reached)
  }
  return { nodes, unmatched }
}

/**
 * Checks the uri targets of a spec before anything is resolved, so that a
 * caller's mistake is found before any plugin is asked: a password in any of
 * them, and a malformed one among those that are not globs (`ssh://web*` may
 * be a glob over nodes whose ids are uris, as Bolt's ad-hoc targets are; it is
 * read as a uri only if it matches nothing, and stays unmatched if it is not one).
 *
 * @throws CapstanError VALIDATION_ERROR naming `targets` (see `parseUriTarget`).
 */
export function checkUriTargets(spec: TargetSpec): void {
  if (typeof spec === 'object' && !Array.isArray(spec)) return
  for (const name of typeof spec === 'string' ? [spec] : spec) {
    if (!isUriTarget(name)) continue
    if (isGlob(name)) assertNoPassword(name)
    else parseUriTarget(name)
  }
}

/** The uri target a name that inventory did not match stands for, if any; a glob that is not a uri is none. */
function uriTargetOf(name: string): AdHocUri | undefined {
  if (!isUriTarget(name) || !isGlob(name)) return parseUriTarget(name)
  try {
    return parseUriTarget(name)
  } catch {
    return undefined
  }
}

/** The host-name index of a (cached) node list, built once per list: a list lives as long as the inventory cache keeps it. */
const indexes = new WeakMap<readonly Node[], (target: AdHocUri) => Node[]>()

/** The plugin a transient node of `target` goes to; throws when there is none. */
function servingPlugin(registry: CapabilityRegistry, descriptor: CapabilityDescriptor, target: AdHocUri, plugin: string | undefined): string {
  const { transport } = target
  const ready = registry.providers(descriptor.id)
  if (plugin !== undefined) {
    const named = ready.find((p) => p.plugin === plugin)
    // Not a provider of the capability at all: the usual NO_PROVIDER or PLUGIN_UNAVAILABLE.
    if (named === undefined) registry.routable(descriptor, plugin)
    if (named !== undefined && (named.transports === undefined || named.transports.includes(transport))) return plugin
    throw noTransport(descriptor, target, plugin, named?.transports ?? [])
  }
  // Only a plugin that says it runs the transport: one that runs "any" never receives a uri it did not ask for.
  const serving = ready.find((p) => p.transports?.includes(transport) === true)
  if (serving !== undefined) return serving.plugin
  const waitedFor = registry.unavailable(descriptor.id).find((p) => p.transports?.includes(transport) === true)
  if (waitedFor !== undefined) throw pluginUnavailable(waitedFor, descriptor.id, { field: 'targets', transport })
  throw noTransport(descriptor, target, undefined, [...new Set(ready.flatMap((p) => p.transports ?? []))].sort())
}

/** NO_PROVIDER for a uri whose transport the named plugin (or, with none named, every ready provider) does not run. */
function noTransport(descriptor: CapabilityDescriptor, target: AdHocUri, plugin: string | undefined, served: readonly string[]): CapstanError {
  const whose = plugin === undefined ? `No plugin that provides ${descriptor.id} declares` : `Plugin ${plugin} does not run`
  const declared = served.length === 0 ? 'none is declared' : `declared: ${served.join(', ')}`
  return new CapstanError('NO_PROVIDER', {
    message: `${whose} transport "${target.transport}", which the uri target ${target.uri} needs (transports ${declared})`,
    details: { capability: descriptor.id, field: 'targets', transport: target.transport, target: target.uri, ...(plugin === undefined ? {} : { plugin }), transports: served },
  })
}
