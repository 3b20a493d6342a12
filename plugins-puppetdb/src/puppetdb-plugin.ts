import { BasePlugin, type CapabilityHandlers, type HealthCheckOutcome, type PluginMetadata, type Report, type SourceNode, pluginMetadata } from 'capstan'
import { configError, TtlCache } from 'capstan/plugin-kit'
import { eventCondition } from './events/event-query.js'
import { readEventPage } from './events/read-events.js'
import { streamEvents } from './events/stream-events.js'
import { readFacts } from './facts/read-facts.js'
import { puppetdbHealth } from './health/puppetdb-health.js'
import { loggingTransport } from './http/logging-transport.js'
import { PuppetDbHttpClient } from './http/puppetdb-http-client.js'
import type { PuppetDbTransport } from './http/puppetdb-transport.js'
import { groupsFromNodes } from './inventory/derive-groups.js'
import { nodeFilterPushdown } from './inventory/node-filter-query.js'
import { readInventory } from './inventory/read-inventory.js'
import type { Ast } from './query/ast.js'
import type { Entity } from './query/entity.js'
import { paginate, type Page, type PluginPaginateOptions } from './query/paginate.js'
import type { QueryTarget } from './query/query-target.js'
import { runQuery, type QueryOptions, type QueryResult } from './query/run-query.js'
import { PuppetDbPluginOptions, type ResolvedPuppetDbOptions } from './puppetdb-plugin-options.js'
import { readReport, readReportPage } from './reports/read-reports.js'
import { reportCondition } from './reports/report-query.js'
import pkg from '../package.json' with { type: 'json' }
import manifest from '../plugin.json' with { type: 'json' }

/** How long a report fetched by hash is kept; reports never change once stored. */
const REPORT_TTL_MS = 10 * 60_000

type Row = Record<string, unknown>

/**
 * PuppetDB as a Capstan plugin: active nodes with groups derived from facts,
 * structured and trusted facts, Puppet reports and resource events (listed,
 * queried or followed live), all read through PuppetDB's v4 query API with
 * filters pushed down to PuppetDB. Create it with {@link puppetdbPlugin}.
 *
 * Besides its capabilities, the plugin offers the query layer itself:
 * {@link PuppetDbPlugin.query} and {@link PuppetDbPlugin.paginate} run AST
 * or PQL queries through the same connection, retries and circuit breaker.
 */
export class PuppetDbPlugin extends BasePlugin {
  readonly metadata: PluginMetadata
  readonly #options: ResolvedPuppetDbOptions
  readonly #client: PuppetDbHttpClient
  #transport: PuppetDbTransport
  readonly #reports: TtlCache<string, Report> | undefined

  constructor(options: ResolvedPuppetDbOptions) {
    super()
    this.#options = options
    const { pageSize: _p, groupBy: _g, inventoryFacts: _f, eventLookbackMs: _l, reportCacheSize: _r, name: _n, ...http } = options
    this.#client = new PuppetDbHttpClient(http)
    this.#transport = this.#client
    this.#reports = options.reportCacheSize > 0 ? new TtlCache({ ttlMs: REPORT_TTL_MS, max: options.reportCacheSize }) : undefined
    this.metadata = pluginMetadata(manifest, pkg, { name: options.name })
  }

  /** The PuppetDB URL (without credentials) this plugin reads. */
  get url(): string {
    return this.#client.displayUrl
  }

  protected async performInitialization(): Promise<void> {
    this.#transport = loggingTransport(this.#client, this.context.logger, this.context.metrics, { plugin: this.metadata.name })
    const { body } = await this.#transport.send({ method: 'GET', path: '/pdb/meta/v1/version', signal: this.context.signal, probe: true })
    this.context.logger.info({ url: this.url, puppetdb: (body as { version?: string }).version }, 'puppetdb ready')
  }

  protected override performHealthCheck(): Promise<HealthCheckOutcome> {
    return puppetdbHealth(this.#transport, this.url)
  }

  protected override async performDispose(): Promise<void> {
    this.#client.close()
  }

  capabilities(): CapabilityHandlers {
    const where = (signal: AbortSignal) => ({ url: this.url, plugin: this.metadata.name, signal })
    return {
      'inventory.list': async (_input, ctx) => ({ nodes: await this.#nodes(undefined, ctx.signal) }),
      'inventory.filter': async ({ refresh: _refresh, ...filter }, ctx) => {
        const { condition, omitted } = nodeFilterPushdown(filter, this.#options.groupBy)
        if (omitted.length > 0) ctx.logger.debug({ omitted }, 'filter criteria over the push-down budget are left to the host')
        // The filter's own fact paths come along, so the host's check after linking sees them.
        return { nodes: await this.#nodes(condition, ctx.signal, Object.keys(filter.facts ?? {})) }
      },
      'inventory.groups': async (_input, ctx) => ({ groups: groupsFromNodes(await this.#nodes(undefined, ctx.signal)) }),
      'info.facts': ({ node }, ctx) => readFacts(this.#transport, node, where(ctx.signal)),
      'reports.list': ({ node, limit, offset }, ctx) =>
        readReportPage(this.#transport, reportCondition({ latest: true, ...(node === undefined ? {} : { node }) }), [], { limit, offset, signal: ctx.signal }),
      'reports.query': ({ limit, offset, include = [], ...filter }, ctx) => readReportPage(this.#transport, reportCondition(filter), include, { limit, offset, signal: ctx.signal }),
      'reports.get': async ({ hash }, ctx) => ({ report: await this.#report(hash, ctx.signal) }),
      'events.list': ({ node, limit, offset }, ctx) =>
        readEventPage(this.#transport, eventCondition({ latest: true, ...(node === undefined ? {} : { node }) }), { limit, offset, signal: ctx.signal }),
      'events.query': ({ limit, offset, ...filter }, ctx) => readEventPage(this.#transport, eventCondition(filter), { limit, offset, signal: ctx.signal }),
      'events.stream': (input, ctx) =>
        streamEvents(this.#transport, input, { pageSize: this.#options.pageSize, lookbackMs: this.#options.eventLookbackMs, signal: ctx.signal, logger: ctx.logger }),
    }
  }

  /**
   * Runs one query: an entity with an AST (`{ entity: 'nodes', query }`),
   * a `["from", ...]` AST or PQL (`pql('nodes[certname] {}')`), with
   * `limit`, `offset`, `orderBy` and `includeTotal`. PuppetDB's own message
   * (bad field, bad PQL) comes back in a VALIDATION_ERROR.
   *
   * @example
   * ```ts
   * const { rows, total } = await puppetdb.query({ entity: 'nodes', query: q('nodes').eq('latest_report_status', 'failed') }, { includeTotal: true })
   * ```
   */
  query<T = Row, E extends Entity = Entity>(target: QueryTarget<E>, options?: QueryOptions<E>): Promise<QueryResult<T>> {
    return runQuery<T, E>(this.#transport, target, options)
  }

  /**
   * Walks a query's result page by page, one request per page as the
   * consumer asks, so memory holds one page whatever the result size.
   */
  paginate<T = Row, E extends Entity = Entity>(target: QueryTarget<E>, options: PluginPaginateOptions<E> = {}): AsyncIterable<Page<T>> {
    // An explicit `pageSize: undefined` means the default too, so it must not win the spread.
    return paginate<T, E>(this.#transport, target, { ...options, pageSize: options.pageSize ?? this.#options.pageSize })
  }

  #nodes(condition: Ast | undefined, signal: AbortSignal, extraFacts: string[] = []): Promise<SourceNode[]> {
    return readInventory(this.#transport, {
      source: this.metadata.name,
      pageSize: this.#options.pageSize,
      groupBy: this.#options.groupBy,
      facts: [...this.#options.inventoryFacts, ...extraFacts],
      ...(condition === undefined ? {} : { condition }),
      signal,
    })
  }

  /** A report by hash; cached, since a stored report never changes. */
  #report(hash: string, signal: AbortSignal): Promise<Report> {
    const load = (loadSignal: AbortSignal) => readReport(this.#transport, hash, { url: this.url, plugin: this.metadata.name, signal: loadSignal })
    return this.#reports === undefined ? load(signal) : this.#reports.get(hash, load, { signal })
  }
}

/**
 * Creates the PuppetDB plugin. Options are checked here, so a typo fails at
 * wiring time with the option's path (`tls.key`, `pageSize`); PuppetDB
 * itself is checked when the host initialises the plugin.
 *
 * @example
 * ```ts
 * const capstan = await createCapstan({ plugins: [puppetdbPlugin({ url: 'http://puppetdb.example.com:8080' })] })
 * ```
 * @throws CapstanError CONFIG_ERROR naming the bad option, or a TLS file that cannot be read.
 */
export function puppetdbPlugin(options: PuppetDbPluginOptions): PuppetDbPlugin {
  const parsed = PuppetDbPluginOptions.safeParse(options)
  if (!parsed.success) throw configError('puppetdbPlugin options', parsed.error)
  return new PuppetDbPlugin(parsed.data)
}
