import type { CapabilityHandlers, CapabilityTypeDefinition, HealthCheckOutcome, PluginContext, PluginMetadata } from 'capstan'
import { BasePlugin } from 'capstan'

/** What {@link testPlugin} builds a plugin from. */
export interface TestPluginSpec {
  name: string
  capabilities: CapabilityHandlers
  /** Capability types it contributes (its `contributes`). */
  contributes?: readonly CapabilityTypeDefinition[] | undefined
  integrationTypes?: PluginMetadata['integrationTypes'] | undefined
  transports?: string[] | undefined
  /** Nodes per call of an execution capability (`metadata.batchSize`); omitted means 1. */
  batchSize?: number | undefined
  /** Runs at initialisation; throw to fail it. */
  init?: ((context: PluginContext) => Promise<void>) | undefined
  health?: (() => Promise<HealthCheckOutcome>) | undefined
  dispose?: (() => Promise<void>) | undefined
}

class SpecPlugin extends BasePlugin {
  readonly metadata: PluginMetadata
  override readonly contributes: readonly CapabilityTypeDefinition[] | undefined
  readonly #spec: TestPluginSpec

  constructor(spec: TestPluginSpec) {
    super({ healthCacheMs: 0 })
    this.#spec = spec
    this.contributes = spec.contributes
    this.metadata = {
      name: spec.name,
      version: '0.0.0-test',
      integrationTypes: spec.integrationTypes ?? ['inventory'],
      ...(spec.transports === undefined ? {} : { transports: spec.transports }),
      ...(spec.batchSize === undefined ? {} : { batchSize: spec.batchSize }),
    }
  }
  capabilities(): CapabilityHandlers {
    return this.#spec.capabilities
  }
  protected async performInitialization(): Promise<void> {
    await this.#spec.init?.(this.context)
  }
  protected override async performHealthCheck(): Promise<HealthCheckOutcome> {
    return (await this.#spec.health?.()) ?? {}
  }
  protected override async performDispose(): Promise<void> {
    await this.#spec.dispose?.()
  }
}

/**
 * A plugin made of handlers, for tests: typed like a real plugin's
 * `capabilities()`, so a wrong output shape fails to compile.
 *
 * @example
 * ```ts
 * const cmdb = testPlugin({ name: 'cmdb', capabilities: { 'inventory.list': async () => ({ nodes: [{ id: 'web01.example.com' }] }) } })
 * ```
 */
export function testPlugin(spec: TestPluginSpec): BasePlugin {
  return new SpecPlugin(spec)
}
