import { z } from 'zod'
import { isExecutionCapability, type CapabilityDescriptor } from '../capabilities/capability.js'
import type { Node } from '../capabilities/models/node.js'
import type { Logger, ProviderContext } from '../capabilities/provider-context.js'
import { closestMatch } from '../errors/closest-match.js'
import { CapstanError } from '../errors/capstan-error.js'
import { unreadableInput } from '../errors/unreadable-input.js'
import { formatPath, validationError } from '../errors/validation-error.js'
import type { ProviderCall } from './call-provider.js'
import { callContextOf } from './call-context.js'
import type { InvokeOptions } from './invoke-options.js'
import { withDerivedHandlers } from './derived-handlers.js'
import { byPriority, type ProviderEntry } from './provider-entry.js'
import { checkCapabilityType } from './contributed/check-capability-type.js'
import { sameContract } from './contributed/same-contract.js'
import { routeAggregate } from './route-aggregate.js'
import { routePrioritised, routePrioritisedAll, type InputFor } from './route-prioritised.js'
import { routeStream } from './route-stream.js'
import { routeTargeted } from './route-targeted.js'
import { unassignedError } from './unassigned-error.js'
import { pluginUnavailable, type StartFailure, type UnavailableProvider } from './unavailable-provider.js'

/** How a plugin's handlers are registered. */
export interface Registration {
  priority?: number
  timeoutMs?: number
  transports?: readonly string[]
  /** Position among equal priorities (the plugin's wiring index); default: registration order. */
  order?: number
}

/** What the host worked out before routing. */
export interface RoutePlan {
  /** The resolved target nodes of a targeted call. */
  nodes?: Node[]
  /** Each prioritised provider's form of the input (the node named as that source knows it). */
  inputFor?: InputFor
  /** Route among these plugins only. */
  plugins?: readonly string[]
}

/** Options of a {@link CapabilityRegistry}. */
export interface CapabilityRegistryOptions {
  catalog: readonly CapabilityDescriptor[]
  logger: Logger
  /** Default per-provider timeout in ms (30 s). */
  defaultTimeoutMs?: number
  /** Check every provider output against its schema (on in tests). */
  validateOutput?: boolean
}

/**
 * Knows which plugin provides which capability, validates input before any
 * plugin code runs, and routes each invocation by the descriptor's routing
 * mode. Routing is data: nothing here branches on a capability id.
 */
export class CapabilityRegistry {
  readonly #descriptors: Map<string, CapabilityDescriptor>
  /** The plugins that contribute each contributed capability (core ones are absent). */
  readonly #contributors = new Map<string, string[]>()
  /** First words of the core's ids and the core's type names: no plugin may contribute a type by these names. */
  readonly #coreNamespaces: ReadonlySet<string>
  readonly #providers = new Map<string, ProviderEntry[]>()
  /** Plugins that declare a capability but failed to start, per capability id. */
  readonly #unavailable = new Map<string, UnavailableProvider[]>()
  readonly #logger: Logger
  readonly #defaultTimeoutMs: number
  readonly #validateOutput: boolean
  #order = 0

  constructor(options: CapabilityRegistryOptions) {
    this.#descriptors = new Map(options.catalog.map((d) => [d.id, d]))
    this.#coreNamespaces = new Set(options.catalog.flatMap((d) => [d.type, d.id.slice(0, d.id.indexOf('.'))]))
    this.#logger = options.logger
    this.#defaultTimeoutMs = options.defaultTimeoutMs ?? 30_000
    this.#validateOutput = options.validateOutput ?? false
  }

  /** The descriptor of a capability id, or UNKNOWN_CAPABILITY. */
  descriptor(id: string): CapabilityDescriptor {
    const descriptor = this.#descriptors.get(id)
    if (descriptor === undefined) {
      const suggestion = closestMatch(id, this.#descriptors.keys())
      const hint = suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`
      throw new CapstanError('UNKNOWN_CAPABILITY', {
        message: `Unknown capability "${id}"${hint}`,
        details: { capability: id, field: 'capability', ...(suggestion === undefined ? {} : { suggestion }) },
      })
    }
    return descriptor
  }

  /** Every known descriptor. */
  descriptors(): CapabilityDescriptor[] {
    return [...this.#descriptors.values()]
  }

  /**
   * Registers the capability types a plugin contributes, once checked
   * ({@link checkCapabilityType}). A type or id the core has, or an id another
   * plugin contributes with a different contract, is refused; the same
   * contract from two plugins (one contract package) is shared. Nothing is
   * registered when anything is refused.
   *
   * @throws CapstanError CONFIG_ERROR naming the plugin, the field (`contributes[0]...`) and, for a clash, the other party.
   */
  contribute(plugin: string, types: readonly unknown[]): void {
    const checked = types.map((type, index) => checkCapabilityType(type, { plugin, field: `contributes[${index}]` }))
    const adding = new Map<string, CapabilityDescriptor>()
    checked.forEach((type, index) => {
      if (this.#coreNamespaces.has(type.name)) {
        throw new CapstanError('CONFIG_ERROR', {
          message: `Plugin ${plugin} contributes capability type "${type.name}", which clashes with the core's "${type.name}" capabilities; choose another type name`,
          details: { plugin, field: `contributes[${index}].name`, type: type.name, clashesWith: 'core' },
        })
      }
      for (const [operation, descriptor] of Object.entries(type.capabilities)) {
        const existing = this.#descriptors.get(descriptor.id) ?? adding.get(descriptor.id)
        const owners = this.#contributors.get(descriptor.id) ?? []
        if (existing !== undefined && !sameContract(existing, descriptor)) {
          const other = adding.has(descriptor.id) ? `another of its own types` : `plugin ${owners.join(', ')}`
          throw new CapstanError('CONFIG_ERROR', {
            message: `Plugin ${plugin} contributes "${descriptor.id}", which ${other} already contributes with a different contract; rename one, or have both depend on one contract package`,
            details: { plugin, field: `contributes[${index}].capabilities.${operation}`, capability: descriptor.id, clashesWith: owners },
          })
        }
        adding.set(descriptor.id, existing ?? descriptor)
      }
    })
    for (const [id, descriptor] of adding) {
      const from = descriptor.derivedFrom?.capability
      if (from !== undefined && !this.#descriptors.has(from) && !adding.has(from)) {
        throw new CapstanError('CONFIG_ERROR', {
          message: `Plugin ${plugin} contributes "${id}", derived from "${from}", which is no known capability`,
          details: { plugin, field: 'derivedFrom.capability', capability: id, derivedFrom: from },
        })
      }
    }
    for (const [id, descriptor] of adding) {
      this.#descriptors.set(id, descriptor)
      const owners = this.#contributors.get(id) ?? []
      if (!owners.includes(plugin)) this.#contributors.set(id, [...owners, plugin])
    }
  }

  /** True when the id is a known capability (the core's or a contributed one). */
  has(id: string): boolean {
    return this.#descriptors.has(id)
  }

  /** The descriptors a plugin implementing these ids serves: the ids themselves and those derived from them. */
  served(ids: readonly string[]): CapabilityDescriptor[] {
    const own = new Set(ids)
    return this.descriptors().filter((d) => own.has(d.id) || (d.derivedFrom !== undefined && own.has(d.derivedFrom.capability)))
  }

  /**
   * Registers a plugin's handlers, plus those derived from them (the
   * descriptors' `derivedFrom`). Ids outside the catalog are a CONFIG_ERROR.
   */
  register(plugin: string, handlers: Record<string, unknown>, registration: Registration = {}): void {
    const unknown = Object.keys(handlers).find((id) => !this.#descriptors.has(id))
    if (unknown !== undefined) {
      throw new CapstanError('CONFIG_ERROR', { message: `Plugin ${plugin} provides unknown capability "${unknown}"`, details: { plugin, field: unknown } })
    }
    this.#dropUnavailable(plugin)
    const order = registration.order ?? this.#order++
    for (const [id, handler] of Object.entries(withDerivedHandlers(handlers, this.#descriptors.values()))) {
      const descriptor = this.#descriptors.get(id)
      if (typeof handler !== 'function' || descriptor === undefined) continue
      const entry: ProviderEntry = {
        plugin,
        priority: registration.priority ?? 0,
        order,
        timeoutMs: registration.timeoutMs ?? this.#defaultTimeoutMs,
        ...(registration.transports === undefined ? {} : { transports: registration.transports }),
        // Execution handlers yield node events, which the execution engine checks itself.
        handler: this.#validateOutput && !isExecutionCapability(descriptor) ? checkedHandler(descriptor, plugin, handler as ProviderEntry['handler']) : (handler as ProviderEntry['handler']),
      }
      const list = this.#providers.get(id) ?? []
      list.push(entry)
      list.sort(byPriority)
      this.#providers.set(id, list)
    }
  }

  /**
   * Records that a plugin declares these capabilities (and those derived from
   * them) but failed to start: calls routed to it get PLUGIN_UNAVAILABLE with
   * `failure()`'s error and hint, and aggregated results list it as a failed
   * source, instead of NO_PROVIDER as if it were not wired. Ids outside the
   * catalog are ignored. Replaces the plugin's handlers, if any.
   */
  markUnavailable(plugin: string, handlers: Record<string, unknown>, registration: Omit<Registration, 'timeoutMs'> & { failure: () => StartFailure }): void {
    this.unregister(plugin)
    const order = registration.order ?? this.#order++
    for (const [id, handler] of Object.entries(withDerivedHandlers(handlers, this.#descriptors.values()))) {
      if (typeof handler !== 'function' || !this.#descriptors.has(id)) continue
      const entry: UnavailableProvider = {
        plugin,
        priority: registration.priority ?? 0,
        order,
        ...(registration.transports === undefined ? {} : { transports: registration.transports }),
        failure: registration.failure,
      }
      const list = this.#unavailable.get(id) ?? []
      list.push(entry)
      list.sort(byPriority)
      this.#unavailable.set(id, list)
    }
  }

  /** Removes every handler of a plugin, and its record as unavailable. */
  unregister(plugin: string): void {
    for (const [id, list] of this.#providers) this.#providers.set(id, list.filter((p) => p.plugin !== plugin))
    this.#dropUnavailable(plugin)
  }

  /** Providers of a capability, highest priority first. */
  providers(id: string): ProviderEntry[] {
    return this.#providers.get(id) ?? []
  }

  /** Plugins that declare a capability but failed to start, highest priority first. */
  unavailable(id: string): UnavailableProvider[] {
    return this.#unavailable.get(id) ?? []
  }

  /** Why no ready provider can act on `node`: PLUGIN_UNAVAILABLE for the plugin it waits for, else NO_PROVIDER. */
  unassignedError(descriptor: CapabilityDescriptor, node: Node, plugin?: string): CapstanError {
    return unassignedError(descriptor, node, this.unavailable(descriptor.id), plugin)
  }

  /** Parses input against the capability's schema; VALIDATION_ERROR names each bad field. */
  validate(descriptor: CapabilityDescriptor, input: unknown): Record<string, unknown> {
    let problem: CapstanError | undefined
    try {
      const parsed = descriptor.input.safeParse(input ?? {})
      if (parsed.success) return parsed.data as Record<string, unknown>
      // Inside the try: zod describes a bad value only when the error is read, and that reads the caller's value again.
      problem = validationError(descriptor.id, parsed.error, { capability: descriptor.id })
    } catch (error) {
      throw unreadableInput(descriptor.id, input, error)
    }
    throw problem
  }

  /**
   * Routes validated, authorised input by the descriptor's routing mode.
   * `nodes` are the resolved targets of a targeted call; `inputFor` gives
   * each prioritised provider its own form of the input.
   */
  async route(descriptor: CapabilityDescriptor, input: Record<string, unknown>, options: InvokeOptions, plan: RoutePlan = {}): Promise<unknown> {
    const routable = this.routable(descriptor, options.plugin)
    const chosen = (p: { plugin: string }) => (options.plugin === undefined || p.plugin === options.plugin) && (plan.plugins === undefined || plan.plugins.includes(p.plugin))
    const providers = routable.filter(chosen)
    const down = this.unavailable(descriptor.id).filter(chosen)
    const call = this.#call(descriptor, options, plan.nodes)
    const routing = descriptor.routing
    if (routing.mode === 'aggregate') return routeAggregate(descriptor, routing.merge, providers, input, call, down)
    if (routing.mode === 'targeted') return routeTargeted(descriptor, providers, input, plan.nodes, { ...call, ...(options.plugin === undefined ? {} : { plugin: options.plugin }) }, down)
    const inputFor = plan.inputFor ?? (() => input)
    if (options.all) return routePrioritisedAll(descriptor, providers, inputFor, call, input, down)
    return routePrioritised(descriptor, providers, inputFor, call, down)
  }

  /**
   * Opens a validated, authorised stream capability: one provider, or all
   * merged for aggregate streams; `plan.inputFor` gives each its form of the input.
   */
  openStream(descriptor: CapabilityDescriptor, input: Record<string, unknown>, options: InvokeOptions, plan: Pick<RoutePlan, 'inputFor'> = {}): AsyncIterable<unknown> {
    const all = this.routable(descriptor, options.plugin)
    const providers = descriptor.routing.mode === 'aggregate' ? all : all.slice(0, 1)
    const ctxFor = (entry: ProviderEntry, signal: AbortSignal): ProviderContext => ({
      signal,
      logger: this.#logger.child({ plugin: entry.plugin, capability: descriptor.id }),
      ...(options.principal === undefined ? {} : { principal: options.principal }),
    })
    return routeStream(descriptor.id, providers, plan.inputFor ?? (() => input), ctxFor, options.signal)
  }

  /**
   * Providers that may serve this call. When there are none: PLUGIN_UNAVAILABLE
   * if a plugin that declares the capability failed to start (the one named,
   * or the highest-priority one), else NO_PROVIDER.
   */
  routable(descriptor: CapabilityDescriptor, plugin?: string): ProviderEntry[] {
    const all = this.providers(descriptor.id)
    const providers = plugin === undefined ? all : all.filter((p) => p.plugin === plugin)
    if (providers.length === 0) {
      const down = this.unavailable(descriptor.id).filter((p) => plugin === undefined || p.plugin === plugin)
      const first = down[0]
      if (first !== undefined) throw pluginUnavailable(first, descriptor.id, { unavailable: down.map((p) => p.plugin) })
      const message = plugin === undefined ? `No plugin provides ${descriptor.id}` : `Plugin ${plugin} does not provide ${descriptor.id}`
      throw new CapstanError('NO_PROVIDER', { message, details: { capability: descriptor.id, ...(plugin === undefined ? {} : { plugin }), providers: all.map((p) => p.plugin) } })
    }
    return providers
  }

  #dropUnavailable(plugin: string): void {
    for (const [id, list] of this.#unavailable) this.#unavailable.set(id, list.filter((p) => p.plugin !== plugin))
  }

  #call(descriptor: CapabilityDescriptor, options: InvokeOptions, nodes: Node[] | undefined): ProviderCall {
    const context = callContextOf(options)
    return {
      capability: descriptor.id,
      logger: this.#logger.child({ capability: descriptor.id }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      ...(options.principal === undefined ? {} : { principal: options.principal }),
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      ...(nodes === undefined ? {} : { nodes }),
      ...(context === undefined ? {} : { context }),
    }
  }
}

/** Wraps a handler so its output (or each streamed item) is checked against the descriptor. */
function checkedHandler(descriptor: CapabilityDescriptor, plugin: string, handler: ProviderEntry['handler']): ProviderEntry['handler'] {
  const check = (value: unknown) => {
    const parsed = descriptor.output.safeParse(value)
    if (parsed.success) return parsed.data
    const issues = parsed.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`).join('; ')
    throw new CapstanError('PLUGIN_ERROR', {
      message: `Plugin ${plugin} returned invalid output for ${descriptor.id}: ${issues}`,
      details: { plugin, capability: descriptor.id, issues: z.treeifyError(parsed.error) },
    })
  }
  if (descriptor.kind === 'stream') {
    return (input, ctx) => mapAsync(handler(input, ctx) as AsyncIterable<unknown>, check)
  }
  return async (input, ctx) => check(await handler(input, ctx))
}

async function* mapAsync<T, U>(source: AsyncIterable<T>, fn: (value: T) => U): AsyncGenerator<U> {
  for await (const value of source) yield fn(value)
}
