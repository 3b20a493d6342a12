import {
  capabilityCatalog,
  CapstanError,
  type Alert,
  type BasePlugin,
  type CapabilityHandlers,
  type Facts,
  type Node,
  type NodeEvent,
  type NodeGroup,
  type ProviderContext,
  type ResourceEvent,
  type SourceNode,
} from 'capstan'
import { testPlugin, type TestPluginSpec } from 'capstan/testing'

/** One call a provider received. */
export interface ProviderCallRecord {
  capability: string
  input: Record<string, unknown>
  ctx: ProviderContext
}

/** Every provider call of one plugin, in order. */
export class CallLog {
  readonly calls: ProviderCallRecord[] = []

  record(capability: string, input: unknown, ctx: ProviderContext): void {
    this.calls.push({ capability, input: input as Record<string, unknown>, ctx })
  }

  of(capability: string): ProviderCallRecord[] {
    return this.calls.filter((c) => c.capability === capability)
  }

  count(capability?: string): number {
    return capability === undefined ? this.calls.length : this.of(capability).length
  }

  /** The input of the last call of `capability`. */
  lastInput(capability: string): Record<string, unknown> | undefined {
    return this.of(capability).at(-1)?.input
  }
}

type AnyHandler = (input: unknown, ctx: ProviderContext) => unknown

/** Wraps every handler so each call is logged before the handler runs. */
export function logged(handlers: CapabilityHandlers, log: CallLog): CapabilityHandlers {
  const wrapped: Record<string, AnyHandler> = {}
  for (const [id, handler] of Object.entries(handlers as Record<string, AnyHandler | undefined>)) {
    if (handler === undefined) continue
    wrapped[id] = (input, ctx) => {
      log.record(id, input, ctx)
      return handler(input, ctx)
    }
  }
  return wrapped as CapabilityHandlers
}

/** What a {@link fakePlugin} serves besides its explicit handlers. */
export interface FakePluginSpec extends Partial<Omit<TestPluginSpec, 'name'>> {
  /** Serves `inventory.list` with these nodes. */
  nodes?: SourceNode[]
  /** Serves `inventory.groups` with these groups. */
  groups?: NodeGroup[]
  /** Serves `inventory.get` from `nodes`, by exact id, name or alias (null when unknown). */
  lookup?: boolean
  /** Serves `info.facts`: facts per node name as THIS source knows it; NOT_FOUND for any other name. */
  facts?: Record<string, Record<string, unknown>>
  /** Serves `command.execute`: every node of a batch succeeds with stdout `<plugin>:<the node's name in this plugin>`. */
  runs?: boolean
  /** Serves `package.list`: one `openssl` package per target, with this plugin's name as the manager. */
  listsPackages?: boolean
}

/** A test plugin whose every provider call is logged in `log`. */
export interface FakePlugin {
  name: string
  plugin: BasePlugin
  log: CallLog
}

export function fakePlugin(name: string, spec: FakePluginSpec = {}): FakePlugin {
  const log = new CallLog()
  const { nodes, groups, lookup, facts, runs, listsPackages, capabilities = {}, ...rest } = spec
  const handlers: CapabilityHandlers = {}
  if (nodes !== undefined) handlers['inventory.list'] = async () => ({ nodes: structuredClone(nodes) })
  if (groups !== undefined) handlers['inventory.groups'] = async () => ({ groups: structuredClone(groups) })
  if (lookup === true) {
    handlers['inventory.get'] = async (input) => {
      const wanted = input.node.toLowerCase()
      const found = (nodes ?? []).find((n) => [n.id, n.name, ...(n.aliases ?? [])].some((x) => x?.toLowerCase() === wanted))
      return { node: found === undefined ? null : structuredClone(found) }
    }
  }
  if (facts !== undefined) {
    handlers['info.facts'] = async (input) => {
      const known = facts[input.node]
      if (known === undefined) throw new CapstanError('NOT_FOUND', { message: `${name} has no facts for ${input.node}` })
      return factsOf(input.node, name, known)
    }
  }
  if (runs === true) handlers['command.execute'] = (batch) => succeedEach(name, batch.nodes)
  if (listsPackages === true) {
    handlers['package.list'] = async (input) => ({ nodes: (input.targets as string[]).map((node) => ({ node, manager: name, packages: [{ name: 'openssl', version: '3.0.0' }] })) })
  }
  return { name, log, plugin: testPlugin({ name, ...rest, capabilities: logged({ ...handlers, ...capabilities }, log) }) }
}

const time = '2025-01-01T00:00:00.000Z'

export function factsOf(node: string, source: string, facts: Record<string, unknown>, gatheredAt = time): Facts {
  return { node, source, gatheredAt, facts }
}

/** The name `plugin` knows a node by: its own source id, else the linked id. */
export function nameIn(plugin: string, node: Node): string {
  return node.sourceData[plugin]?.id ?? node.id
}

/** An execution handler's events where every node starts, prints `<plugin>:<its name in plugin>` and succeeds. */
export async function* succeedEach(plugin: string, nodes: readonly Node[]): AsyncGenerator<NodeEvent, void, undefined> {
  for (const node of nodes) {
    yield { type: 'node:started', node: node.id }
    yield { type: 'node:output', node: node.id, stream: 'stdout', chunk: `${plugin}:${nameIn(plugin, node)}` }
    yield { type: 'node:finished', node: node.id, status: 'success', exitCode: 0 }
  }
}

export function alert(id: string, overrides: Partial<Alert> = {}): Alert {
  return { id, name: `rule-${id}`, severity: 'warning', state: 'firing', summary: `alert ${id}`, labels: {}, annotations: {}, startsAt: time, ...overrides }
}

export function resourceEvent(title: string, overrides: Partial<ResourceEvent> = {}): ResourceEvent {
  return { timestamp: time, resourceType: 'File', resourceTitle: title, property: 'content', message: null, status: 'success', ...overrides }
}

/**
 * A plugin that provides every capability in the catalog; each handler logs
 * the call and then fails, because the tests using it expect no call.
 */
export function everyCapabilityPlugin(name: string): FakePlugin {
  const handlers: Record<string, AnyHandler> = {}
  for (const d of capabilityCatalog) {
    handlers[d.id] =
      d.kind === 'stream'
        ? async function* () {
            yield* []
            throw new Error(`${d.id} should not have been called`)
          }
        : async () => {
            throw new Error(`${d.id} should not have been called`)
          }
  }
  const integrationTypes = [...new Set(capabilityCatalog.map((d) => d.type))]
  const log = new CallLog()
  return { name, log, plugin: testPlugin({ name, integrationTypes, capabilities: logged(handlers as CapabilityHandlers, log) }) }
}
