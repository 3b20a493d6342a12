import { access } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { BasePlugin, CapstanError, type CapabilityHandlers, type Facts, type HealthCheckOutcome, type Node, type NodeGroup, type PluginMetadata, type SourceNode, pluginMetadata } from 'capstan'
import { configError } from 'capstan/plugin-kit'
import { BoltPluginOptions, type ResolvedBoltOptions } from './bolt-plugin-options.js'
import { commandArgv, groupShowArgv, inventoryShowArgv, scriptArgv, taskArgv, type BoltRunArgs } from './bolt-cli/bolt-argv.js'
import { boltVersion, runBoltJson, type BoltJsonCall } from './bolt-cli/run-bolt-json.js'
import { factsTargetError } from './errors/facts-target-error.js'
import { unsupportedByBolt } from './errors/unsupported-by-bolt.js'
import { FactsBatcher } from './facts/facts-batcher.js'
import { mapFactsItems } from './facts/map-facts-items.js'
import { boltHealth } from './health/bolt-health.js'
import { mapGroupShow } from './inventory/map-group-show.js'
import { mapInventoryShow } from './inventory/map-inventory-show.js'
import { listTasks } from './remote-execution/list-tasks.js'
import { runBoltExecution } from './remote-execution/run-bolt-execution.js'
import pkg from '../package.json' with { type: 'json' }
import manifest from '../plugin.json' with { type: 'json' }

/**
 * Puppet Bolt as a Capstan plugin: inventory from `bolt inventory show`,
 * facts from the `facts` task, and commands, scripts and tasks run by one
 * bolt process per batch of targets. Create it with {@link boltPlugin}.
 */
export class BoltPlugin extends BasePlugin {
  readonly metadata: PluginMetadata
  readonly #options: ResolvedBoltOptions
  readonly #projectDir: string
  #version: string | undefined
  /** Facts requests that arrive together share one bolt process. */
  readonly #factsBatcher = new FactsBatcher((targets) => this.#gatherFacts(targets))

  constructor(options: ResolvedBoltOptions) {
    super()
    this.#options = options
    this.#projectDir = resolve(options.projectDir)
    this.metadata = pluginMetadata(manifest, pkg, { name: options.name, batchSize: options.batchSize })
  }

  protected async performInitialization(): Promise<void> {
    const projectFile = join(this.#projectDir, 'bolt-project.yaml')
    try {
      await access(projectFile)
    } catch (error) {
      throw new CapstanError('CONFIG_ERROR', {
        message: `No Bolt project at ${this.#projectDir}: ${projectFile} is missing. Point projectDir at a directory made by \`bolt project init\`.`,
        details: { field: 'projectDir', projectDir: this.#projectDir, plugin: this.metadata.name },
        cause: error,
      })
    }
    this.#version = await boltVersion(this.#call())
    this.context.logger.info({ bolt: this.#version, projectDir: this.#projectDir }, 'bolt ready')
  }

  protected override performHealthCheck(): Promise<HealthCheckOutcome> {
    return boltHealth({ projectDir: this.#projectDir, version: () => boltVersion(this.#call()), nodes: () => this.#nodes() })
  }

  capabilities(): CapabilityHandlers {
    return {
      'inventory.list': async (_input, ctx) => ({ nodes: await this.#nodes(ctx.signal) }),
      'inventory.groups': async (_input, ctx) => ({ groups: await this.#groups(ctx.signal) }),
      'info.facts': async ({ node }, ctx) => this.#factsBatcher.get(node, ctx.signal),
      'command.execute': (batch, ctx) =>
        batch.cwd !== undefined
          ? refuse(unsupportedByBolt('cwd', 'Bolt runs commands in the target\'s default directory; put `cd <dir> &&` in the command instead'))
          : this.#execute(batch.nodes, ctx, (run) => commandArgv({ ...run, command: batch.command, ...(batch.env === undefined ? {} : { env: batch.env }), ...(batch.runAs === undefined ? {} : { runAs: batch.runAs }) })),
      'script.execute': (batch, ctx) =>
        this.#execute(batch.nodes, ctx, (run) => scriptArgv({ ...run, script: resolve(batch.script), args: batch.args, ...(batch.env === undefined ? {} : { env: batch.env }) })),
      'task.execute': (batch, ctx) =>
        batch.env !== undefined && Object.keys(batch.env).length > 0
          ? refuse(unsupportedByBolt('env', 'Bolt passes no environment variables to tasks; pass the values as task parameters instead'))
          : this.#execute(batch.nodes, ctx, (run) => taskArgv({ ...run, task: batch.task, params: batch.params })),
      'task.list': async (_input, ctx) => ({
        tasks: await listTasks((argv) => this.#json(withProject(argv, this.#projectDir), ctx.signal), { logger: ctx.logger, signal: ctx.signal }),
      }),
    }
  }

  /** One bolt process for the batch; the engine queues, times out and collects. */
  #execute(nodes: Node[], ctx: { signal: AbortSignal; killSignal?: AbortSignal }, argvFor: (run: BoltRunArgs) => string[]) {
    const targetName = (node: Node) => node.sourceData[this.metadata.name]?.id ?? node.id
    const run: BoltRunArgs = {
      projectDir: this.#projectDir,
      targets: nodes.map(targetName),
      ...(this.#options.inventoryFile === undefined ? {} : { inventoryFile: resolve(this.#options.inventoryFile) }),
      ...(this.#options.concurrency === undefined ? {} : { concurrency: this.#options.concurrency }),
    }
    const stop = { signal: ctx.signal, graceMs: this.#graceMs(), ...(ctx.killSignal === undefined ? {} : { killSignal: ctx.killSignal }) }
    return runBoltExecution({ argv: argvFor(run), boltPath: this.#options.boltPath, cwd: this.#projectDir, env: this.#options.env, nodes, targetName, ...stop })
  }

  async #nodes(signal?: AbortSignal): Promise<SourceNode[]> {
    return mapInventoryShow(await this.#json(inventoryShowArgv({ ...this.#project(), detail: true }), signal), this.metadata.name)
  }

  async #groups(signal?: AbortSignal): Promise<NodeGroup[]> {
    const [nodes, shown] = await Promise.all([this.#nodes(signal), this.#json(groupShowArgv(this.#project()), signal)])
    return mapGroupShow(shown, nodes, this.metadata.name)
  }

  /** Facts of many targets from one run of Bolt's `facts` task. */
  async #gatherFacts(targets: string[]): Promise<Map<string, Facts | Error>> {
    const argv = taskArgv({ ...this.#project(), targets, task: 'facts' }).filter((arg) => arg !== '--stream')
    const { facts, errors } = mapFactsItems(await this.#json(argv), (target) => target, { source: this.metadata.name, targets })
    const results = new Map<string, Facts | Error>(facts.map((f) => [f.node, f]))
    for (const error of errors) results.set(error.target, factsTargetError(error, this.metadata.name))
    return results
  }

  #json(argv: string[], signal?: AbortSignal): Promise<unknown> {
    return runBoltJson(argv, { ...this.#call(), ...(signal === undefined ? {} : { signal }) })
  }

  #project(): { projectDir: string; inventoryFile?: string } {
    return { projectDir: this.#projectDir, ...(this.#options.inventoryFile === undefined ? {} : { inventoryFile: resolve(this.#options.inventoryFile) }) }
  }

  #call(): BoltJsonCall {
    return { boltPath: this.#options.boltPath, cwd: this.#projectDir, env: this.#options.env, timeoutMs: this.#options.timeoutMs, graceMs: this.#graceMs() }
  }

  #graceMs(): number {
    return this.#options.killGraceMs ?? this.context.killGraceMs
  }
}

/** A batch refused before anything runs: the engine reports the error as the caller's mistake. */
async function* refuse(error: CapstanError): AsyncGenerator<never> {
  throw error
}

/** Adds `--project` to a bolt call built without it. */
function withProject(argv: string[], projectDir: string): string[] {
  return argv.includes('--project') ? argv : [...argv, '--project', projectDir]
}

/**
 * Creates the Bolt plugin. Options are checked here, so a typo fails at
 * wiring time with the option's path; Bolt itself is checked when the host
 * initialises the plugin (`bolt --version`, the project file).
 *
 * @example
 * ```ts
 * const capstan = await createCapstan({ plugins: [boltPlugin({ projectDir: '/home/ops/bolt-project' })] })
 * ```
 * @throws CapstanError CONFIG_ERROR naming the bad option.
 */
export function boltPlugin(options: BoltPluginOptions): BoltPlugin {
  const parsed = BoltPluginOptions.safeParse(options)
  if (!parsed.success) throw configError('boltPlugin options', parsed.error)
  return new BoltPlugin(parsed.data)
}
