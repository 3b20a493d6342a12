import type { z } from 'zod'
import type { NodeEvent } from './models/node-event.js'

/** How the operation behaves: reads, changes something, or yields items over time. */
export type CapabilityKind = 'query' | 'action' | 'stream'

/**
 * How the host routes an invocation among the plugins that provide it
 * (after Rollup's hook kinds):
 * - `aggregate`: every provider in parallel, results merged with `merge`;
 * - `prioritised`: providers by priority, the first success wins;
 * - `targeted`: the nodes named by `targets` (or the caller's `plugin`) choose the provider.
 */
export type RoutingMode = 'aggregate' | 'prioritised' | 'targeted'

/**
 * How aggregated outputs are merged. A name, not a function, so a descriptor
 * stays plain data: the host owns the implementation of each strategy.
 * - `nodes`: `{ nodes }` lists linked into one node per identity;
 * - `node`: `{ node }` from each source linked into one node (or null);
 * - `groups`: `{ groups }` merged by group name;
 * - `concat`: every array property concatenated, each item tagged with its `source`;
 * - `facts`: facts from every provider merged, each top-level fact keeping its source.
 */
export type MergeStrategy = 'nodes' | 'node' | 'groups' | 'concat' | 'facts'

/** Routing data of a capability. */
export type Routing =
  | { readonly mode: 'aggregate'; readonly merge: MergeStrategy }
  | { readonly mode: 'prioritised'; readonly mergeAll?: MergeStrategy | undefined }
  | {
      readonly mode: 'targeted'
      /**
       * Runs on the execution engine: the plugin's handler is an async
       * generator over a batch of nodes yielding {@link NodeEvent}s, and the
       * caller gets a streaming `Execution`.
       */
      readonly execution?: boolean | undefined
    }

/** A capability type (family) the core defines. */
export type CoreCapabilityType =
  | 'inventory'
  | 'facts'
  | 'remote-execution'
  | 'reports'
  | 'events'
  | 'provisioning'
  | 'packages'
  | 'deployment'
  | 'alerts'
  | 'journal'

/**
 * The capability type (family) an operation belongs to: one of the core's
 * ({@link CoreCapabilityType}) or one a plugin contributes
 * ({@link defineCapabilityType}), such as `catalog` or `hiera`.
 */
export type CapabilityType = CoreCapabilityType | (string & {})

/**
 * Declares that every plugin implementing `capability` also serves this one,
 * without implementing it: the host calls that capability's handler with the
 * input mapped as said here. A plugin's own implementation takes precedence.
 *
 * @example
 * ```ts
 * // inventory.filter: any inventory.list answers it (the host filters after linking).
 * const derivedFrom: DerivedFrom = { capability: 'inventory.list', keep: ['refresh'] }
 * ```
 */
export interface DerivedFrom {
  /** The capability whose handler serves this one. */
  readonly capability: string
  /** The input fields passed on; default: all of them. */
  readonly keep?: readonly string[] | undefined
  /** Input fields set to these values (after `keep`). */
  readonly set?: Readonly<Record<string, string | number | boolean | null>> | undefined
}

/**
 * How the host serves a capability itself, around routing. Plain data: the
 * host owns each service, picked by `cache`.
 * - `{ cache: 'inventory' }`: answers cached and shared by concurrent callers,
 *   a partial answer never cached;
 * - `then: 'filter'`: the input is a node filter the host applies to the linked nodes;
 * - `then: 'find-node'`: the node is looked up in the linked list of
 *   `derivedFrom.capability`, by any name any source knows it by, plus what
 *   plugins that implement this capability but cannot list say;
 * - `{ cache: 'facts' }`: answers cached per node (canonical id) and provider;
 *   `refresh: true` drops the node's entries first.
 */
export type HostService =
  | { readonly cache: 'inventory'; readonly then?: 'filter' | 'find-node' | undefined }
  | { readonly cache: 'facts'; readonly refresh?: boolean | undefined }

/**
 * The contract of one operation: its id, schemas and routing. Plugins
 * implement it, the host validates against it, and the CLI, docs and HTTP
 * layer are generated from it.
 */
export interface CapabilityDescriptor<
  Id extends string = string,
  Input extends z.ZodType = z.ZodType,
  Output extends z.ZodType = z.ZodType,
  Kind extends CapabilityKind = CapabilityKind,
  R extends Routing = Routing,
  Result extends z.ZodType | undefined = z.ZodType | undefined,
> {
  /** `<noun>.<verb>`, unique across Capstan. */
  readonly id: Id
  /** The capability type this operation is part of. */
  readonly type: CapabilityType
  /** One sentence for help texts and docs. */
  readonly description: string
  /** Query, action or stream. */
  readonly kind: Kind
  /** How invocations are routed among providers. */
  readonly routing: R
  /** Permission checked by RBAC; by default the id itself. */
  readonly permission: string
  /** Input schema, validated before any plugin code runs. */
  readonly input: Input
  /**
   * Output of one provider. For `stream` capabilities, the schema of one item
   * the stream yields.
   */
  readonly output: Output
  /**
   * What `invoke` returns when it differs from one provider's output (the
   * merged result of an aggregate capability, with per-source outcomes).
   */
  readonly result?: Result | undefined
  /**
   * Input fields (top-level, strings) that name a file on the machine running
   * Capstan, such as the script `script.execute` copies to the nodes. Before
   * any plugin runs, the host resolves each to its real path, refuses one
   * outside the host's `scripts.roots` or that is no regular file of a
   * bounded size, and hands the plugin the real path.
   */
  readonly localFiles?: readonly string[] | undefined
  /** Served by every plugin implementing another capability, unless it implements this one (see {@link DerivedFrom}). */
  readonly derivedFrom?: DerivedFrom | undefined
  /** How the host serves it around routing (caches, linking); see {@link HostService}. */
  readonly served?: HostService | undefined
  /**
   * `filter`: a call that names no node, by a principal granted the
   * permission on some nodes only, is not refused but narrowed: the host
   * passes the canonical ids of the nodes within its reach as input `nodes`
   * (those the caller gave, if any, kept only when within it), so the answer
   * covers those nodes alone (`journal.list`). Default: such a call is refused.
   */
  readonly reach?: 'filter' | undefined
}

/** Declares a capability; the permission defaults to the id. */
export function defineCapability<
  const Id extends string,
  Input extends z.ZodType,
  Output extends z.ZodType,
  const Kind extends CapabilityKind,
  const R extends Routing,
  Result extends z.ZodType | undefined = undefined,
>(descriptor: {
  id: Id
  type: CapabilityType
  description: string
  kind: Kind
  routing: R
  permission?: string | undefined
  input: Input
  output: Output
  result?: Result | undefined
  localFiles?: readonly string[] | undefined
  derivedFrom?: DerivedFrom | undefined
  served?: HostService | undefined
  reach?: 'filter' | undefined
}): CapabilityDescriptor<Id, Input, Output, Kind, R, Result> {
  return Object.freeze({ ...descriptor, permission: descriptor.permission ?? descriptor.id })
}

/** True when the capability runs on the execution engine (its handler yields node events). */
export function isExecutionCapability(descriptor: CapabilityDescriptor): boolean {
  return descriptor.routing.mode === 'targeted' && descriptor.routing.execution === true
}
