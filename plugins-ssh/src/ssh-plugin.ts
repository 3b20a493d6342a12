import { readFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { BasePlugin, CapstanError, isCapstanError, type CapabilityHandlers, type Facts, type HealthCheckOutcome, type Node, type NodeEvent, type PackageInfo, type PluginMetadata, type SourceNode, pluginMetadata } from 'capstan'
import { configError } from 'capstan/plugin-kit'
import ssh2, { type Client } from 'ssh2'
import { ConnectionPool, HostKeyPins, type SshTarget } from './connection/index.js'
import { gatherRemoteFacts } from './facts/index.js'
import { sshHealth } from './health/ssh-health.js'
import { groupsOf } from './inventory/index.js'
import { readInventory } from './inventory/read-inventory.js'
import { DetectedManagers } from './packages/detected-managers.js'
import { listPackages, runPackageChange, searchPackages, type ManagerName } from './packages/index.js'
import { queryNodes, type NodeAnswer } from './packages/query-nodes.js'
import { PrivateKeys } from './private-keys.js'
import { runRemote, runRemoteScript, type RunRemoteOptions, type SudoOptions } from './remote-execution/index.js'
import { runOnNodes, type NodeWork } from './remote-execution/run-on-nodes.js'
import { SshPluginOptions, type ResolvedSshOptions } from './ssh-plugin-options.js'
import { TargetResolver } from './target-resolver.js'
import pkg from '../package.json' with { type: 'json' }
import manifest from '../plugin.json' with { type: 'json' }

/**
 * SSH as a Capstan plugin, with nothing but Node and ssh2: inventory from
 * ssh_config and host lists, commands and scripts streamed from many nodes
 * at once over pooled connections, facts in one round trip, and packages
 * through the node's own package manager. Create it with {@link sshPlugin}.
 */
export class SshPlugin extends BasePlugin {
  readonly metadata: PluginMetadata
  readonly #options: ResolvedSshOptions
  readonly #pool: ConnectionPool
  readonly #keys = new PrivateKeys()
  #resolver: TargetResolver | undefined
  /** The nodes as last read, by id: jump hosts and facts requests are looked up here. */
  #known = new Map<string, SourceNode>()
  readonly #managers = new DetectedManagers()

  constructor(options: ResolvedSshOptions) {
    super()
    this.#options = options
    this.#pool = new ConnectionPool(options.pool)
    // Declaring ssh is what lets the host give it uri targets (ssh://user@host:port, user@host).
    this.metadata = pluginMetadata(manifest, pkg, { name: options.name, batchSize: options.batchSize, transports: ['ssh'] })
  }

  /** Pool counters: connections open, idle, leased, opening, and acquires waiting. */
  poolStats(): ReturnType<ConnectionPool['stats']> {
    return this.#pool.stats()
  }

  protected async performInitialization(): Promise<void> {
    const o = this.#options
    const privateKey = o.privateKey ?? (o.privateKeyPath === undefined ? undefined : await this.#keys.read(resolve(o.privateKeyPath), 'privateKeyPath'))
    if (privateKey !== undefined) assertKeyUsable(privateKey, o.passphrase, o.privateKeyPath === undefined ? 'privateKey' : 'privateKeyPath')
    const knownHosts = resolve(o.knownHosts ?? join(homedir(), '.ssh', 'known_hosts'))
    if (o.knownHosts !== undefined) await assertReadable(knownHosts, 'knownHosts')
    this.#resolver = new TargetResolver(
      {
        user: o.user,
        port: o.port,
        privateKey,
        passphrase: o.passphrase,
        agent: o.agent,
        knownHosts,
        strictHostKeyChecking: o.strictHostKeyChecking,
        ...(o.adHocHostKeys === 'accept-new' ? { adHocHostKeyPins: new HostKeyPins() } : {}),
        connectTimeoutMs: o.connectTimeoutMs,
        keepaliveIntervalMs: o.keepaliveIntervalMs,
      },
      this.#keys,
      (name) => this.#known.get(name),
    )
    const nodes = await this.#nodes()
    if (!o.strictHostKeyChecking) this.context.logger.warn({ knownHosts }, 'strictHostKeyChecking is off: hosts missing from known_hosts are accepted')
    if (o.adHocHostKeys === 'accept-new') this.context.logger.warn({ knownHosts }, 'adHocHostKeys is accept-new: uri targets missing from known_hosts are accepted on first use')
    this.context.logger.info({ nodes: nodes.length, knownHosts }, 'ssh ready')
  }

  protected override performHealthCheck(): Promise<HealthCheckOutcome> {
    return sshHealth({ nodes: () => this.#nodes(), poolStats: () => this.#pool.stats() })
  }

  protected override async performDispose(): Promise<void> {
    this.#pool.close()
  }

  capabilities(): CapabilityHandlers {
    return {
      'inventory.list': async () => ({ nodes: await this.#nodes() }),
      'inventory.groups': async () => ({ groups: groupsOf(await this.#nodes()) }),
      'info.facts': async ({ node }, ctx) => this.#facts(node, ctx.signal),
      'command.execute': (batch, ctx) =>
        this.#run(batch.nodes, ctx, (node, client, target) =>
          runRemote(
            client,
            { command: batch.command, ...(batch.env === undefined ? {} : { env: batch.env }), ...(batch.cwd === undefined ? {} : { cwd: batch.cwd }) },
            this.#runOptions(node, ctx, batch.timeoutMs, batch.runAs === undefined || batch.runAs === target.username ? undefined : this.#sudo(batch.runAs)),
          ),
        ),
      'script.execute': (batch, ctx) =>
        this.#run(batch.nodes, ctx, (node, client) =>
          runRemoteScript(client, { script: resolve(batch.script), args: batch.args, ...(batch.env === undefined ? {} : { env: batch.env }) }, this.#runOptions(node, ctx, batch.timeoutMs)),
        ),
      'package.install': (batch, ctx) => this.#packageChange('install', batch.nodes, batch.packages, ctx.signal, batch.timeoutMs),
      'package.uninstall': (batch, ctx) => this.#packageChange('uninstall', batch.nodes, batch.packages, ctx.signal, batch.timeoutMs),
      'package.update': (batch, ctx) => this.#packageChange('update', batch.nodes, batch.packages, ctx.signal, batch.timeoutMs),
      'package.list': async ({ filter }, ctx) =>
        packagesResult(
          await this.#query(ctx.nodes ?? [], ctx.signal, async (node, client, target) => {
            const manager = await this.#managers.of(node.id, client, target, ctx.signal)
            return { manager, packages: await listPackages(client, { node: node.id, manager, ...(filter === undefined ? {} : { filter }), signal: ctx.signal }) }
          }),
        ),
      'package.search': async ({ query, limit }, ctx) =>
        packagesResult(
          await this.#query(ctx.nodes ?? [], ctx.signal, async (node, client, target) => {
            const manager = await this.#managers.of(node.id, client, target, ctx.signal)
            return { manager, packages: await searchPackages(client, { node: node.id, manager, query, limit, signal: ctx.signal }) }
          }),
        ),
    }
  }

  async #nodes(): Promise<SourceNode[]> {
    const o = this.#options
    const nodes = await readInventory({ hosts: o.hosts, sshConfig: o.sshConfig === undefined ? undefined : resolve(o.sshConfig), user: o.user, port: o.port }, this.context.logger)
    this.#known = new Map(nodes.map((node) => [node.id, node]))
    return nodes
  }

  async #facts(name: string, signal: AbortSignal): Promise<Facts> {
    const record = this.#known.get(name) ?? (await this.#nodes()).find((node) => node.id === name)
    if (record === undefined) throw new CapstanError('NOT_FOUND', { message: `The ssh plugin has no host "${name}"`, details: { node: name, plugin: this.metadata.name } })
    const lease = await this.#pool.acquire(await this.#target(record), signal)
    try {
      return await gatherRemoteFacts(lease.client, { node: name, source: this.metadata.name, signal, timeoutMs: this.#options.queryTimeoutMs })
    } catch (error) {
      if (isCapstanError(error, 'UNAVAILABLE')) lease.markBroken()
      throw error
    } finally {
      lease.release()
    }
  }

  #run(nodes: Node[], stop: StopSignals, work: NodeWork): AsyncGenerator<NodeEvent, void, undefined> {
    return runOnNodes(nodes, { pool: this.#pool, targetOf: (node) => this.#target(node), ...stopSignals(stop) }, work)
  }

  #query<T>(nodes: Node[], signal: AbortSignal, ask: (node: Node, client: Client, target: SshTarget) => Promise<T>): Promise<Array<NodeAnswer<T>>> {
    return queryNodes(nodes, { pool: this.#pool, targetOf: (node) => this.#target(node), signal }, ask)
  }

  #packageChange(action: 'install' | 'uninstall' | 'update', nodes: Node[], packages: string[] | undefined, signal: AbortSignal, timeoutMs: number | undefined): AsyncGenerator<NodeEvent, void, undefined> {
    const self = this
    return this.#run(nodes, { signal }, async function* (node, client, target) {
      let manager: ManagerName
      try {
        manager = await self.#managers.of(node.id, client, target, signal)
      } catch (error) {
        const e = isCapstanError(error) ? error : new CapstanError('PLUGIN_ERROR', { message: String(error), cause: error })
        yield { type: 'node:finished', node: node.id, status: 'error', exitCode: null, error: { code: e.code, message: e.message } }
        return
      }
      const sudo = target.username === 'root' ? undefined : self.#sudo('root')
      yield* runPackageChange(client, {
        node: node.id,
        manager,
        action,
        ...(packages === undefined ? {} : { packages }),
        ...(sudo === undefined ? {} : { sudo }),
        signal,
        ...(timeoutMs === undefined ? {} : { timeoutMs }),
        killGraceMs: self.#graceMs(),
      })
    })
  }

  #target(record: SourceNode | Node): Promise<SshTarget> {
    if (this.#resolver === undefined) throw new CapstanError('UNAVAILABLE', { message: 'The ssh plugin is not initialised', retryable: false })
    return this.#resolver.targetFor('sourceData' in record ? (record.sourceData[this.metadata.name] ?? record) : record)
  }

  #runOptions(node: Node, stop: StopSignals, timeoutMs: number | undefined, sudo?: SudoOptions): RunRemoteOptions {
    return { node: node.id, ...stopSignals(stop), killGraceMs: this.#graceMs(), ...(timeoutMs === undefined ? {} : { timeoutMs }), ...(sudo === undefined ? {} : { sudo }) }
  }

  #sudo(user: string): SudoOptions {
    const password = this.#options.sudo?.password
    return { user, ...(password === undefined ? {} : { password }) }
  }

  #graceMs(): number {
    return this.#options.killGraceMs ?? this.context.killGraceMs
  }
}

/** The engine's stop (`ctx.signal`) and, when the caller gave one, its kill (`ctx.killSignal`). */
interface StopSignals {
  signal: AbortSignal
  killSignal?: AbortSignal
}

/** Just the {@link StopSignals} of a context. */
function stopSignals({ signal, killSignal }: StopSignals): StopSignals {
  return { signal, ...(killSignal === undefined ? {} : { killSignal }) }
}

/** `package.list` / `package.search` output from per-node answers. */
function packagesResult(answers: Array<NodeAnswer<{ manager: string; packages: PackageInfo[] }>>) {
  return {
    nodes: answers.map((answer) =>
      'value' in answer ? { node: answer.node, manager: answer.value.manager, packages: answer.value.packages } : { node: answer.node, packages: [], error: answer.error },
    ),
  }
}

/** A key ssh2 cannot parse (or decrypt with the passphrase) fails at start-up, not on every node. */
function assertKeyUsable(key: Buffer | string, passphrase: string | undefined, field: string): void {
  const parsed = ssh2.utils.parseKey(key, passphrase)
  if (parsed instanceof Error) {
    const encrypted = /encrypted|passphrase/i.test(parsed.message)
    throw new CapstanError('CONFIG_ERROR', {
      message: encrypted
        ? `The SSH private key (${field}) is encrypted and ${passphrase === undefined ? 'no passphrase was given: set passphrase' : 'the passphrase does not open it: check passphrase'}`
        : `The SSH private key (${field}) cannot be parsed: ${parsed.message}`,
      details: { field: encrypted ? 'passphrase' : field },
    })
  }
}

async function assertReadable(path: string, field: string): Promise<void> {
  try {
    await readFile(path)
  } catch (error) {
    throw new CapstanError('CONFIG_ERROR', { message: `Cannot read ${field} ${path}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`, details: { field, path }, cause: error })
  }
}

/**
 * Creates the SSH plugin. Options are checked here, so a typo fails at
 * wiring time with the option's path; key files and the ssh_config file are
 * read when the host initialises the plugin.
 *
 * @example
 * ```ts
 * const capstan = await createCapstan({
 *   plugins: [sshPlugin({ sshConfig: '/home/ops/.ssh/config', privateKeyPath: '/home/ops/.ssh/id_ed25519' })],
 * })
 * const run = capstan.command.execute({ targets: 'web*', command: 'uptime' })
 * for await (const event of run) if (event.type === 'node:output') process.stdout.write(`${event.node}: ${event.chunk}`)
 * ```
 * @throws CapstanError CONFIG_ERROR naming the bad option.
 */
export function sshPlugin(options: SshPluginOptions): SshPlugin {
  const parsed = SshPluginOptions.safeParse(options)
  if (!parsed.success) throw configError('sshPlugin options', parsed.error)
  return new SshPlugin(parsed.data)
}
