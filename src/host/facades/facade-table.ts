import type { CapabilityId } from '../../capabilities/catalog.js'
import { alertsFacadeIds } from './alerts-facade.js'
import { deploymentsFacadeIds } from './deployments-facade.js'
import { eventsFacadeIds } from './events-facade.js'
import { journalFacadeIds } from './journal-facade.js'
import { packagesFacadeIds } from './packages-facade.js'
import { provisioningFacadeIds } from './provisioning-facade.js'
import { reportsFacadeIds } from './reports-facade.js'

/**
 * How one facade method calls its capability. What the method is (an
 * Execution, a stream, a promise) follows from the capability's descriptor;
 * this says only what the descriptor cannot.
 */
export interface FacadeMethodSpec {
  /** The capability the method invokes. */
  readonly id: CapabilityId
  /** `node`: the first argument is a node name, passed as `{ node }`; default: the first argument is the input. */
  readonly first?: 'input' | 'node' | undefined
  /** The options also accept `refresh` (reads the host caches serve). */
  readonly refreshable?: boolean | undefined
  /** For an execution capability: resolve with its result (`run`) instead of returning the Execution (`execute`). */
  readonly wait?: boolean | undefined
  /** `node`: resolve with the `node` of the result, NOT_FOUND when it is null (`inventory.get`). */
  readonly unwrap?: 'node' | undefined
}

/** Method name → spec: one facade. */
export type FacadeSpec = Readonly<Record<string, FacadeMethodSpec>>

/** A facade whose methods each take `(input, options)`: method name → capability id. */
function plain<M extends Record<string, CapabilityId>>(ids: M): { readonly [K in keyof M]: { readonly id: M[K] } } {
  return Object.fromEntries(Object.entries(ids).map(([name, id]) => [name, { id }])) as { readonly [K in keyof M]: { readonly id: M[K] } }
}

/**
 * Every capability facade of a Capstan instance (`capstan.inventory`,
 * `capstan.command`, ...): facade → method → spec. The instance builds each
 * method from its spec and the capability's descriptor; nothing compares ids.
 */
export const facadeTable = {
  inventory: {
    list: { id: 'inventory.list', refreshable: true },
    get: { id: 'inventory.get', first: 'node', refreshable: true, unwrap: 'node' },
    groups: { id: 'inventory.groups', refreshable: true },
    filter: { id: 'inventory.filter', refreshable: true },
  },
  facts: {
    get: { id: 'info.facts', first: 'node', refreshable: true },
    refresh: { id: 'info.refresh', first: 'node' },
  },
  command: { execute: { id: 'command.execute' }, run: { id: 'command.execute', wait: true } },
  task: { execute: { id: 'task.execute' }, run: { id: 'task.execute', wait: true }, list: { id: 'task.list' } },
  script: { execute: { id: 'script.execute' }, run: { id: 'script.execute', wait: true } },
  reports: plain(reportsFacadeIds),
  events: plain(eventsFacadeIds),
  packages: plain(packagesFacadeIds),
  deployments: plain(deploymentsFacadeIds),
  provisioning: plain(provisioningFacadeIds),
  alerts: plain(alertsFacadeIds),
  journal: plain(journalFacadeIds),
} as const satisfies Readonly<Record<string, FacadeSpec>>
