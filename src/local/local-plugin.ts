import { readFile } from 'node:fs/promises'
import type { z } from 'zod'
import { resolve } from 'node:path'
import type { CapabilityHandlers } from '../capabilities/catalog.js'
import type { NodeFacts } from '../capabilities/models/facts.js'
import { echo } from '../errors/validation-error.js'
import type { NodeGroup, SourceNode } from '../capabilities/models/node.js'
import { CapstanError } from '../errors/capstan-error.js'
import { configError } from '../errors/config-error.js'
import { BasePlugin } from '../plugin/base-plugin.js'
import type { HealthCheckOutcome } from '../plugin/health.js'
import { CORE_VERSION } from '../plugin/core-version.js'
import type { PluginMetadata } from '../plugin/plugin-metadata.js'
import { gatherLocalFacts } from './gather-local-facts.js'
import { LocalPluginOptions } from './local-plugin-options.js'
import { runLocalCommand } from './execution/run-local-command.js'
import { runLocalScript } from './execution/run-local-script.js'
import { refuseAdHoc } from './execution/refuse-ad-hoc.js'
import { localhostNode } from './localhost-node.js'
import { listTasks } from './tasks/list-tasks.js'
import { runLocalTask } from './tasks/run-local-task.js'
import { parseBoltInventory } from './parse-bolt-inventory.js'
import { thrownMessage } from '../errors/thrown-message.js'

type Options = z.output<typeof LocalPluginOptions>

/**
 * The built-in plugin: inventory from a Bolt inventory v2 YAML file plus
 * `localhost`, facts of this machine, and commands, scripts and Bolt-style
 * tasks run on this machine. Needs no server.
 */
export class LocalPlugin extends BasePlugin {
  readonly metadata: PluginMetadata
  readonly #options: Options
  readonly #file: string | undefined
  readonly #tasksDir: string | undefined
  /** Resolved once: finding this machine's FQDN may ask DNS. */
  #localhost: SourceNode | undefined

  constructor(options: Options) {
    super()
    this.#options = options
    this.#file = options.inventoryFile === undefined ? undefined : resolve(options.inventoryFile)
    this.#tasksDir = options.tasksDir === undefined ? undefined : resolve(options.tasksDir)
    this.metadata = {
      name: options.name,
      version: CORE_VERSION,
      description: 'This machine and a Bolt-format YAML inventory',
      integrationTypes: ['inventory', 'facts', 'remote-execution'],
      transports: ['local'],
    }
  }

  protected async performInitialization(): Promise<void> {
    if (this.#options.localhost) this.#localhost = await localhostNode()
    await this.#readInventory()
  }

  protected override async performHealthCheck(): Promise<HealthCheckOutcome> {
    try {
      const { nodes, groups } = await this.#readInventory()
      return { message: `${nodes.length} nodes, ${groups.length} groups`, details: { inventoryFile: this.#file ?? null, nodes: nodes.length } }
    } catch (error) {
      const message = thrownMessage(error)
      return { status: 'degraded', message, failingCapabilities: ['inventory.list', 'inventory.get', 'inventory.groups'] }
    }
  }

  capabilities(): CapabilityHandlers {
    // Read at call time: the context (with the host's grace) exists only once the plugin is initialised.
    const graceMs = () => this.#options.killGraceMs ?? this.context.killGraceMs
    const tasksDir = this.#tasksDir
    const adHoc = this.#options.adHocTargets === true
    const { name } = this.#options
    return {
      'inventory.list': async () => ({ nodes: (await this.#readInventory()).nodes }),
      'inventory.get': async ({ node }) => ({ node: findNode((await this.#readInventory()).nodes, node) }),
      'inventory.groups': async () => ({ groups: (await this.#readInventory()).groups }),
      'info.facts': async ({ node }) => this.#facts(node),
      'command.execute': refuseAdHoc((batch, ctx) => runLocalCommand(batch, ctx, { graceMs: graceMs() }), adHoc, name),
      'script.execute': refuseAdHoc((batch, ctx) => runLocalScript(batch, ctx, { graceMs: graceMs() }), adHoc, name),
      ...(tasksDir === undefined
        ? {}
        : {
            'task.execute': refuseAdHoc((batch, ctx) => runLocalTask(batch, ctx, { graceMs: graceMs(), tasksDir }), adHoc, name),
            'task.list': async () => ({ tasks: await listTasks(tasksDir) }),
          }),
    }
  }

  async #facts(node: string): Promise<NodeFacts> {
    const local = this.#localhost
    const names = local === undefined ? [] : [local.id, ...(local.aliases ?? [])].map((n) => n.toLowerCase())
    if (!names.includes(node.toLowerCase())) {
      throw new CapstanError('NOT_FOUND', { message: `The local plugin gathers facts only for localhost, not ${echo(node)}`, details: { node, plugin: this.metadata.name } })
    }
    const facts = await gatherLocalFacts(this.#options.osReleasePath === undefined ? {} : { osReleasePath: this.#options.osReleasePath })
    return { ...facts, node, source: this.metadata.name }
  }

  /** Read on every call: the host caches the answers, and an edited file shows up once the cache expires. */
  async #readInventory(): Promise<{ nodes: SourceNode[]; groups: NodeGroup[] }> {
    const extra = this.#localhost === undefined ? [] : [this.#localhost]
    if (this.#file === undefined) return { nodes: extra, groups: [] }
    let text: string
    try {
      text = await readFile(this.#file, 'utf8')
    } catch (error) {
      throw new CapstanError('CONFIG_ERROR', {
        message: `Cannot read the inventory file ${this.#file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
        details: { file: this.#file, field: 'inventoryFile', plugin: this.metadata.name },
        cause: error,
      })
    }
    const parsed = parseBoltInventory(text, this.#file)
    const listed = new Set(parsed.nodes.map((n) => n.id.toLowerCase()))
    return { nodes: [...parsed.nodes, ...extra.filter((n) => !listed.has(n.id.toLowerCase()))], groups: parsed.groups }
  }
}

function findNode(nodes: SourceNode[], name: string): SourceNode | null {
  const wanted = name.toLowerCase()
  return nodes.find((n) => n.id.toLowerCase() === wanted || n.name?.toLowerCase() === wanted || n.aliases?.some((a) => a.toLowerCase() === wanted)) ?? null
}

/**
 * Creates the built-in local plugin. Options are checked here, so a typo
 * fails at wiring time with the option's name.
 *
 * @example
 * ```ts
 * const capstan = await createCapstan({ plugins: [localPlugin({ inventoryFile: 'inventory.yaml' })] })
 * ```
 * @throws CapstanError CONFIG_ERROR naming the bad option.
 */
export function localPlugin(options: LocalPluginOptions = {}): LocalPlugin {
  const parsed = LocalPluginOptions.safeParse(options)
  if (!parsed.success) {
    throw configError('localPlugin options', parsed.error)
  }
  return new LocalPlugin(parsed.data)
}
