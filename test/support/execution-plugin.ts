import { BasePlugin, type CapabilityHandlers, type PluginMetadata } from 'capstan'

/** What {@link executionPlugin} builds a plugin from. */
export interface ExecutionPluginSpec {
  name: string
  /** Usually execution handlers: async generators over a batch yielding node events. */
  capabilities: CapabilityHandlers
  /** Transports it runs; omitted means any. */
  transports?: string[]
  /** Nodes per handler call (`metadata.batchSize`); omitted means 1. */
  batchSize?: number
  /** Runs when the host disposes the plugin. */
  dispose?: () => Promise<void>
}

class ExecutionTestPlugin extends BasePlugin {
  readonly metadata: PluginMetadata
  readonly #spec: ExecutionPluginSpec

  constructor(spec: ExecutionPluginSpec) {
    super({ healthCacheMs: 0 })
    this.#spec = spec
    this.metadata = {
      name: spec.name,
      version: '0.0.0-test',
      integrationTypes: ['remote-execution'],
      ...(spec.transports === undefined ? {} : { transports: spec.transports }),
      ...(spec.batchSize === undefined ? {} : { batchSize: spec.batchSize }),
    }
  }
  capabilities(): CapabilityHandlers {
    return this.#spec.capabilities
  }
  protected async performInitialization(): Promise<void> {}
  protected override async performDispose(): Promise<void> {
    await this.#spec.dispose?.()
  }
}

/**
 * A remote-execution plugin for engine tests. Unlike `testPlugin` (capstan/testing)
 * it can declare a batch size, as a plugin that runs many nodes in one process does.
 */
export function executionPlugin(spec: ExecutionPluginSpec): BasePlugin {
  return new ExecutionTestPlugin(spec)
}
