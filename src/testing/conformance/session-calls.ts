import type { CapabilityHandlers } from 'capstan'
import { describeThrown } from './describe-thrown.js'
import { descriptorOf } from './descriptor-of.js'
import { runHandler, type HandlerRun } from './handler-run.js'
import { PluginNodes, readWithin } from './plugin-nodes.js'
import { providerCall, unknownNodeCall, type CallableHandler, type ProviderCall } from './provider-call.js'
import type { PluginSession } from './plugin-session.js'
import { sampleInput } from './sample-input.js'
import { ThrownErrors } from './thrown-errors.js'

/**
 * The direct calls of one started plugin: each capability's call with a
 * sample input (targets resolved through the plugin's own inventory), or
 * about an unknown node, run within the time bound; what they throw is kept
 * for the error-codes check.
 */
export class SessionCalls {
  /** What the handlers threw so far. */
  readonly errors = new ThrownErrors()
  readonly #session: PluginSession
  readonly #handlers: Record<string, CallableHandler | undefined>
  readonly #nodes: PluginNodes
  readonly #timeoutMs: number

  constructor(session: PluginSession, timeoutMs: number) {
    this.#session = session
    this.#timeoutMs = timeoutMs
    this.#handlers = handlersOf(session)
    const read = (handler: CallableHandler) => readWithin(async () => handler({ refresh: false }, { signal: new AbortController().signal, logger: session.context.logger }), timeoutMs)
    this.#nodes = new PluginNodes(session.name, { list: this.#handlers['inventory.list'], groups: this.#handlers['inventory.groups'] }, read)
  }

  /**
   * The call of `id` with its sample from `samples` (the option named `option`),
   * or why there is none. A sample whose targets name nothing is skipped too.
   */
  async sampleCall(id: string, samples: Readonly<Record<string, unknown>>, option: string): Promise<ProviderCall | { skipped: string }> {
    const descriptor = descriptorOf(id, this.#session.plugin.contributes)
    const handler = this.#handlers[id]
    if (descriptor === undefined || handler === undefined) return { skipped: `the plugin has no handler and descriptor for ${id}` }
    const sample = sampleInput(descriptor, samples, option)
    if ('skipped' in sample) return sample
    let call: ProviderCall
    try {
      call = await providerCall(descriptor, handler, sample.input, this.#nodes, this.#session.name)
    } catch (error) {
      throw new Error(`the sample's targets could not be resolved through the plugin's own inventory: ${describeThrown(error)}`, { cause: error })
    }
    return call.nodes?.length === 0 ? { skipped: 'the sample input\'s targets name no node' } : call
  }

  /** The call of `id` about a node no backend knows, when the capability names nodes. */
  unknownNodeCall(id: string, samples: Readonly<Record<string, unknown>>): ProviderCall | undefined {
    const descriptor = descriptorOf(id, this.#session.plugin.contributes)
    const handler = this.#handlers[id]
    if (descriptor === undefined || handler === undefined) return undefined
    const sample = sampleInput(descriptor, samples, 'inputs')
    return unknownNodeCall(descriptor, handler, 'input' in sample ? sample.input : {}, this.#session.name)
  }

  /** Runs a call within the bound (or `timeoutMs`; a stream up to `maxItems`), keeping what it threw under `during`. */
  async run(call: ProviderCall, maxItems: number, during: string, timeoutMs = this.#timeoutMs): Promise<HandlerRun> {
    const run = await runHandler(call, this.#session.context.logger, { timeoutMs, maxItems })
    if (run.error !== undefined) this.errors.add(call.descriptor.id, during, run.error)
    return run
  }
}

/** The plugin's handlers; none when `capabilities()` throws (the manifest check reports that). */
function handlersOf(session: PluginSession): Record<string, CallableHandler | undefined> {
  try {
    return session.plugin.capabilities() as CapabilityHandlers as Record<string, CallableHandler | undefined>
  } catch {
    return {}
  }
}
