import type { CapabilityDescriptor } from '../capabilities/capability.js'
import type { Node } from '../capabilities/models/node.js'
import type { TargetSpec } from '../capabilities/models/target.js'
import type { Logger } from '../capabilities/provider-context.js'
import { CapstanError } from '../errors/capstan-error.js'
import { echo } from '../errors/validation-error.js'
import type { PolicyChecker } from '../rbac/compile-policy.js'
import { permissionDenied } from '../rbac/permission-denied.js'
import type { RoutePlan } from '../registry/capability-registry.js'
import type { InvokeOptions } from '../registry/invoke-options.js'
import type { InventoryService } from './inventory-service.js'

/** The plan for a call that passed RBAC, with the node it is about (for `{ node }` inputs). */
export type AuthorizedPlan = RoutePlan & { node?: Node }

/**
 * Works out what a call acts on and checks RBAC against it, before any
 * plugin runs. Targets are resolved first so node-scoped rules see the real
 * nodes, but the permission check comes before any "not found", so a caller
 * without permission learns nothing about the inventory.
 */
export async function authorizeInvocation(
  deps: { checker: PolicyChecker; inventory: InventoryService; logger: Logger },
  descriptor: CapabilityDescriptor,
  input: Record<string, unknown>,
  options: InvokeOptions,
): Promise<AuthorizedPlan> {
  const { checker, inventory, logger } = deps
  let nodes: Node[] | undefined
  let unmatched: string[] = []
  let node: Node | undefined
  if (descriptor.routing.mode === 'targeted' && input.targets !== undefined) {
    ;({ nodes, unmatched } = await inventory.resolve(input.targets as TargetSpec, options.signal))
  } else if (typeof input.node === 'string') {
    node = await inventory.lookup(input.node, options.signal).catch(() => undefined)
  }
  const scope = nodes ?? [node ?? (typeof input.node === 'string' ? { id: input.node, groups: [] } : undefined)].filter((n) => n !== undefined)
  const decision = checker.check(options.principal, descriptor.permission, scope.length === 0 ? undefined : { nodes: scope })
  if (!decision.allowed) {
    logger.warn({ principal: options.principal?.id, capability: descriptor.id, reason: decision.reason, rule: decision.rule }, 'permission denied')
    throw permissionDenied(options.principal, descriptor.id)
  }
  if (nodes !== undefined && (unmatched.length > 0 || nodes.length === 0)) {
    const names = unmatched.length > 0 ? `: ${listForError(unmatched)}` : ' (the filter selects none)'
    // A source that failed to start may know them: say so, with its start error as the cause.
    const down = inventory.unavailableSources()
    const note = down.length === 0 ? '' : ` (inventory sources that failed to start, and may know them: ${down.map((e) => e.details.plugin).join(', ')})`
    throw new CapstanError('NOT_FOUND', {
      message: `Targets matched no node${names}${note}`,
      details: { capability: descriptor.id, field: 'targets', unmatched: unmatched.slice(0, MAX_LISTED_NAMES), ...(unmatched.length > MAX_LISTED_NAMES ? { unmatchedOmitted: unmatched.length - MAX_LISTED_NAMES } : {}), ...(down.length === 0 ? {} : { unavailableSources: down.map((e) => e.details.plugin) }) },
      ...(down[0] === undefined ? {} : { cause: down[0] }),
    })
  }
  if (node === undefined) return nodes === undefined ? {} : { nodes }
  const known = node
  return { node: known, inputFor: (entry) => ({ ...input, node: known.sourceData[entry.plugin]?.id ?? known.id }) }
}

/** Most unmatched names an error lists; the rest are counted. */
const MAX_LISTED_NAMES = 20

/** Names for a message: each cut to 100 characters, at most {@link MAX_LISTED_NAMES}, then a count of the rest. */
function listForError(names: readonly string[]): string {
  const listed = names.slice(0, MAX_LISTED_NAMES).map((name) => (name.length > 100 ? echo(name) : name))
  return listed.join(', ') + (names.length > MAX_LISTED_NAMES ? ` and ${names.length - MAX_LISTED_NAMES} more` : '')
}
