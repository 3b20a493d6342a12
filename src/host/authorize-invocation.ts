import type { CapabilityDescriptor } from '../capabilities/capability.js'
import type { Node } from '../capabilities/models/node.js'
import type { TargetSpec } from '../capabilities/models/target.js'
import type { Logger } from '../capabilities/provider-context.js'
import { CapstanError } from '../errors/capstan-error.js'
import { echo } from '../errors/validation-error.js'
import type { PolicyChecker } from '../rbac/compile-policy.js'
import { permissionDenied } from '../rbac/permission-denied.js'
import type { CapabilityRegistry, RoutePlan } from '../registry/capability-registry.js'
import type { InvokeOptions } from '../registry/invoke-options.js'
import { isUriTarget } from '../inventory/ad-hoc-uri.js'
import type { InventoryService } from './inventory-service.js'
import { checkUriTargets, resolveUriTargets } from './resolve-uri-targets.js'

/** The plan for a call that passed RBAC, with the node it is about (for `{ node }` inputs). */
export type AuthorizedPlan = RoutePlan & { node?: Node }

/**
 * Works out what a call acts on and checks RBAC against it, before any
 * plugin runs, so that nothing a caller observes depends on nodes outside
 * its reach:
 *
 * - a principal whose policy grants the permission on no node is refused
 *   `PERMISSION_DENIED` before anything is resolved;
 * - one granted it on every node resolves targets as usual;
 * - one granted it on some nodes resolves targets among those only. A name
 *   that selects none of them, whether it names a denied node or nothing at
 *   all, is `NOT_FOUND` with the same message and details either way; a
 *   `{ node }` input that names no listed node within the reach is the same
 *   `NOT_FOUND` whether the node exists or not.
 *
 * Target names inventory does not match that are uri targets
 * (`ssh://user@host:port`) are resolved by {@link resolveUriTargets}: to the
 * known node they reach, or to a transient node, each checked against the
 * reach like any node.
 */
export async function authorizeInvocation(
  deps: { checker: PolicyChecker; inventory: InventoryService; registry: CapabilityRegistry; logger: Logger },
  descriptor: CapabilityDescriptor,
  input: Record<string, unknown>,
  options: InvokeOptions,
): Promise<AuthorizedPlan> {
  const { checker, inventory, logger } = deps
  const reach = checker.reach(options.principal, descriptor.permission)
  const refuse = (): never => {
    const decision = checker.check(options.principal, descriptor.permission)
    logger.warn({ principal: options.principal?.id, capability: descriptor.id, reason: decision.reason, rule: decision.rule }, 'permission denied')
    throw permissionDenied(options.principal, descriptor.id)
  }
  if (reach.kind === 'none') return refuse()
  const within = reach.kind === 'some' ? reach.permits : undefined
  const restricted = within === undefined ? undefined : options.principal?.id ?? ''

  let nodes: Node[] | undefined
  let unmatched: string[] = []
  let node: Node | undefined
  if (descriptor.routing.mode === 'targeted' && input.targets !== undefined) {
    checkUriTargets(input.targets as TargetSpec)
    ;({ nodes, unmatched } = await inventory.resolve(input.targets as TargetSpec, options, within))
    // What inventory does not know may be a uri target (ssh://user@host:port): a known node, or a transient one.
    if (unmatched.some(isUriTarget)) {
      const uris = await resolveUriTargets({ registry: deps.registry, inventory }, descriptor, unmatched, options, within)
      nodes = uniqueById([...nodes, ...uris.nodes])
      unmatched = uris.unmatched
    }
  } else if (typeof input.node === 'string') {
    node = await inventory.lookup(input.node, options).catch(() => undefined)
    // Unknown is out of reach too: what a node-scoped rule decides depends on the groups only inventory knows.
    if (within !== undefined && (node === undefined || !within(node))) throw outOfReach(descriptor, restricted as string, input.node)
  } else if (within !== undefined) {
    // Reads many nodes' records: narrowed to the nodes within reach, when the descriptor says so.
    if (descriptor.reach === 'filter') return narrowedToReach(inventory, input, options, within)
    // Acts on no particular node: only an unscoped grant covers it.
    return refuse()
  }
  const scope = nodes ?? [node ?? (typeof input.node === 'string' ? { id: input.node, groups: [] } : undefined)].filter((n) => n !== undefined)
  // The reach already decided; the check is kept as a second line, and for its reason in the log.
  const decision = checker.check(options.principal, descriptor.permission, scope.length === 0 ? undefined : { nodes: scope })
  if (!decision.allowed && !(within !== undefined && scope.length === 0)) refuse()
  if (nodes !== undefined && (unmatched.length > 0 || nodes.length === 0)) throw noMatch(descriptor, unmatched, inventory, restricted)
  if (node === undefined) return nodes === undefined ? {} : { nodes }
  const known = node
  return { node: known, inputFor: (entry) => ({ ...input, node: known.sourceData[entry.plugin]?.id ?? known.id }) }
}

/**
 * The plan of a node-less read by a principal with a node-scoped grant: input
 * `nodes` becomes the canonical ids of the listed nodes within its reach, or
 * of those the caller named that are.
 */
async function narrowedToReach(inventory: InventoryService, input: Record<string, unknown>, options: InvokeOptions, within: (node: Node) => boolean): Promise<AuthorizedPlan> {
  const { nodes } = await inventory.snapshot(options)
  const reachable = nodes.filter(within).map((n) => n.id)
  const asked = Array.isArray(input.nodes) ? new Set(input.nodes as string[]) : undefined
  const narrowed = asked === undefined ? reachable : reachable.filter((id) => asked.has(id))
  return { inputFor: () => ({ ...input, nodes: narrowed }) }
}

/** `NOT_FOUND` for targets that selected nothing; `restricted` names the principal whose reach they were resolved within. */
function noMatch(descriptor: CapabilityDescriptor, unmatched: readonly string[], inventory: InventoryService, restricted: string | undefined): CapstanError {
  const names = unmatched.length > 0 ? `: ${listForError(unmatched)}` : ' (the filter selects none)'
  // A source that failed to start may know them: say so, with its start error as the cause.
  const down = inventory.unavailableSources()
  const note = down.length === 0 ? '' : ` (inventory sources that failed to start, and may know them: ${down.map((e) => e.details.plugin).join(', ')})`
  const whose = restricted === undefined ? '' : ` that principal ${echo(restricted)} may call "${descriptor.id}" on`
  return new CapstanError('NOT_FOUND', {
    message: `Targets matched no node${whose}${names}${note}`,
    details: {
      capability: descriptor.id,
      field: 'targets',
      unmatched: unmatched.slice(0, MAX_LISTED_NAMES),
      ...(unmatched.length > MAX_LISTED_NAMES ? { unmatchedOmitted: unmatched.length - MAX_LISTED_NAMES } : {}),
      ...(restricted === undefined ? {} : { restricted: true }),
      ...(down.length === 0 ? {} : { unavailableSources: down.map((e) => e.details.plugin) }),
    },
    ...(down[0] === undefined ? {} : { cause: down[0] }),
  })
}

/** `NOT_FOUND` for a `{ node }` input outside the principal's reach: the same whether the node exists or not. */
function outOfReach(descriptor: CapabilityDescriptor, principal: string, name: string): CapstanError {
  return new CapstanError('NOT_FOUND', {
    message: `No node ${echo(name)} that principal ${echo(principal)} may call "${descriptor.id}" on`,
    details: { capability: descriptor.id, field: 'node', node: name, restricted: true },
  })
}

/** Most unmatched names an error lists; the rest are counted. */
const MAX_LISTED_NAMES = 20

/** Names for a message: each cut to 100 characters, at most {@link MAX_LISTED_NAMES}, then a count of the rest. */
function listForError(names: readonly string[]): string {
  const listed = names.slice(0, MAX_LISTED_NAMES).map((name) => (name.length > 100 ? echo(name) : name))
  return listed.join(', ') + (names.length > MAX_LISTED_NAMES ? ` and ${names.length - MAX_LISTED_NAMES} more` : '')
}

/** Nodes without a second copy of an id, first one kept. */
function uniqueById(nodes: readonly Node[]): Node[] {
  const seen = new Set<string>()
  return nodes.filter((node) => !seen.has(node.id) && seen.add(node.id) !== undefined)
}
