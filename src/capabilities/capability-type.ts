import type { CapabilityDescriptor } from './capability.js'

/**
 * What a type's descriptors are checked against: a descriptor without its
 * `result`. Constraining by the full descriptor would make TypeScript infer a
 * `defineCapability` call's result schema from that constraint (`z.ZodType`)
 * instead of its default (none), and every contributed result would type as `unknown`.
 */
export type DescriptorLike = Pick<CapabilityDescriptor, 'id' | 'type' | 'description' | 'kind' | 'routing' | 'permission' | 'input' | 'output'>

/** Marks a {@link CapabilityTypeDefinition}, so one made by another copy of the core is still recognised. */
const CAPABILITY_TYPE = Symbol.for('capstan.capabilityType')

/**
 * A capability type a plugin contributes: a name (`catalog`, `hiera`), what
 * it is for, and its descriptors by operation. Made with
 * {@link defineCapabilityType}; the contract can live in a small package of
 * its own, so several plugins implement one type.
 */
export interface CapabilityTypeDefinition<
  Name extends string = string,
  Capabilities extends Readonly<Record<string, DescriptorLike>> = Readonly<Record<string, CapabilityDescriptor>>,
> {
  /** The type's name, the first word of each of its ids (`catalog` for `catalog.compile`). */
  readonly name: Name
  /** One sentence for help texts and docs. */
  readonly description: string
  /** Its descriptors, by operation (`{ compile: defineCapability({ id: 'catalog.compile', ... }) }`). */
  readonly capabilities: Capabilities
}

/**
 * Groups descriptors into a capability type that a plugin contributes. Each
 * id must be namespaced by the type (`catalog.compile` in type `catalog`) and
 * each descriptor's `type` be the type's name; the host checks that, the
 * schemas, and clashes with the core or other plugins when the plugin is
 * wired or loaded, and refuses a mistake with a CONFIG_ERROR naming it.
 *
 * Callers get the types through module augmentation of
 * {@link ContributedCapabilities}, so `capstan.invoke('catalog.compile', ...)`
 * is typed in any application that imports the plugin.
 *
 * @example
 * ```ts
 * export const catalogType = defineCapabilityType({
 *   name: 'catalog',
 *   description: 'Puppet catalogs compiled by a Puppetserver',
 *   capabilities: {
 *     compile: defineCapability({
 *       id: 'catalog.compile',
 *       type: 'catalog',
 *       description: 'Compile the catalog of a node',
 *       kind: 'query',
 *       routing: { mode: 'prioritised' },
 *       input: z.object({ node: z.string() }).strict(),
 *       output: z.object({ resources: z.array(z.unknown()) }),
 *     }),
 *   },
 * })
 *
 * declare module 'capstan' {
 *   interface ContributedCapabilities {
 *     catalog: typeof catalogType
 *   }
 * }
 * ```
 */
export function defineCapabilityType<const Name extends string, const Capabilities extends Readonly<Record<string, DescriptorLike>>>(definition: {
  name: Name
  description: string
  capabilities: Capabilities
}): CapabilityTypeDefinition<Name, Capabilities> {
  const type = { name: definition.name, description: definition.description, capabilities: Object.freeze({ ...definition.capabilities }) }
  Object.defineProperty(type, CAPABILITY_TYPE, { value: true })
  return Object.freeze(type)
}

/** True for a definition made by {@link defineCapabilityType} (of any copy of the core). */
export function isCapabilityType(value: unknown): value is CapabilityTypeDefinition {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[CAPABILITY_TYPE] === true
}

/**
 * The capability types plugins contribute, by type name. Empty in the core: a
 * plugin (or the small package holding a type's contract) adds its types by
 * module augmentation, and from then on `invoke`, `CapabilityId`,
 * `CapabilityHandlers` and the rest know its ids.
 *
 * @example
 * ```ts
 * declare module 'capstan' {
 *   interface ContributedCapabilities {
 *     catalog: typeof catalogType
 *   }
 * }
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface -- filled by module augmentation
export interface ContributedCapabilities {}
