import type { z } from 'zod'
import { alertsCapabilities } from './alerts.js'
import type { CapabilityDescriptor } from './capability.js'
import type { CapabilityTypeDefinition, ContributedCapabilities } from './capability-type.js'
import { deploymentCapabilities } from './deployment.js'
import { eventsCapabilities } from './events.js'
import { factsCapabilities } from './facts.js'
import type { Handler } from './handler.js'
import { inventoryCapabilities } from './inventory.js'
import { journalCapabilities } from './journal.js'
import { packagesCapabilities } from './packages.js'
import { provisioningCapabilities } from './provisioning.js'
import { remoteExecutionCapabilities } from './remote-execution.js'
import { reportsCapabilities } from './reports.js'

const families = [
  inventoryCapabilities,
  factsCapabilities,
  remoteExecutionCapabilities,
  reportsCapabilities,
  eventsCapabilities,
  provisioningCapabilities,
  packagesCapabilities,
  deploymentCapabilities,
  alertsCapabilities,
  journalCapabilities,
] as const

/** The descriptors of one capability type, as a union. */
type DescriptorsIn<Family> = Family extends unknown ? Family[keyof Family] : never

/** The descriptors of the capability types plugins contribute ({@link ContributedCapabilities}), as a union; `never` until a plugin's augmentation adds one. */
export type ContributedDescriptors = {
  [Name in keyof ContributedCapabilities]: ContributedCapabilities[Name] extends CapabilityTypeDefinition<string, infer Capabilities> ? Extract<DescriptorsIn<Capabilities>, CapabilityDescriptor> : never
}[keyof ContributedCapabilities]

/**
 * Any descriptor known to the types: the core's, and those of the capability
 * types plugins contribute through {@link ContributedCapabilities}.
 */
export type CapabilityCatalog = DescriptorsIn<(typeof families)[number]> | ContributedDescriptors

/** Every capability id Capstan defines. */
export type CapabilityId = CapabilityCatalog['id']

/** The descriptor of one capability id. */
export type DescriptorOf<Id extends CapabilityId> = Extract<CapabilityCatalog, { readonly id: Id }>

/**
 * What a plugin's `capabilities()` returns: a handler for any subset of the
 * capability ids, each typed by its descriptor.
 */
export type CapabilityHandlers = Partial<{ [Id in CapabilityId]: Handler<DescriptorOf<Id>> }>

/**
 * What invoking a capability resolves with: the `result` schema's output when
 * the descriptor has one (aggregated capabilities), otherwise the output (for
 * streams, one item).
 */
export type ResultOf<Id extends CapabilityId> = [Exclude<DescriptorOf<Id>['result'], undefined>] extends [never]
  ? z.output<DescriptorOf<Id>['output']>
  : z.output<Exclude<DescriptorOf<Id>['result'], undefined>>

/** What a caller may pass to a capability: its input before defaults. */
export type CallInput<Id extends CapabilityId> = z.input<DescriptorOf<Id>['input']>

/**
 * Every capability the core defines, in catalog order (by capability type).
 * The CLI, docs and HTTP layer are generated from it; capabilities plugins
 * contribute are added per instance (`capstan.capabilities()`).
 */
export const capabilityCatalog: readonly CapabilityCatalog[] = Object.freeze(
  families.flatMap((family): CapabilityCatalog[] => Object.values(family)),
)

const byId: ReadonlyMap<string, CapabilityDescriptor> = new Map(capabilityCatalog.map((d) => [d.id, d]))

/** The descriptor of a capability id, or undefined when the core defines no such capability (contributed ones are known to a Capstan instance). */
export function getCapability(id: string): CapabilityDescriptor | undefined {
  return byId.get(id)
}
