import { z } from 'zod'
import { PuppetDbHttpOptions } from './http/puppetdb-http-options.js'
import { DEFAULT_GROUP_BY } from './inventory/derive-groups.js'

/** Facts attached to each inventory node by default: enough to filter, link and show a node. */
export const DEFAULT_INVENTORY_FACTS = ['os.family', 'os.name', 'os.release.major', 'kernel', 'networking.fqdn', 'networking.ip'] as const

const factPath = z.string().regex(/^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/, 'must be a dotted fact path such as os.family or trusted.extensions.pp_role')

/**
 * Options of {@link puppetdbPlugin}: how to reach PuppetDB (`url`, `tls`,
 * `token`, `timeoutMs`, `retry`, `circuitBreaker`) and how to read it.
 */
export const PuppetDbPluginOptions = PuppetDbHttpOptions.safeExtend({
  /** Rows per request when paging through PuppetDB (default 500). */
  pageSize: z.number().int().min(1).max(100_000).default(500).describe('Rows per request when paging'),
  /**
   * Where node groups come from, PuppetDB having none: each path's value is a
   * group the node is in. `environment` is the node's environment; any other
   * path is a fact (dotted, e.g. `trusted.extensions.pp_role`). Default:
   * environment, role and trusted.extensions.pp_role.
   */
  groupBy: z.array(factPath).default([...DEFAULT_GROUP_BY]).describe('Fact paths whose values become groups'),
  /** Facts attached to each inventory node (and usable by filters without another request). */
  inventoryFacts: z.array(factPath).default([...DEFAULT_INVENTORY_FACTS]).describe('Fact paths attached to inventory nodes'),
  /**
   * How far each `events.stream` poll looks back before the newest event it
   * has seen, in ms, so a report PuppetDB received earlier but stored later
   * (a busy command queue) is not missed. Default 60 000.
   */
  eventLookbackMs: z.number().int().min(0).default(60_000).describe('How far event polls look back, in ms'),
  /** Reports kept by hash for `reports.get` (reports never change once stored). Default 1000; 0 keeps none. */
  reportCacheSize: z.number().int().min(0).default(1000).describe('Reports cached by hash'),
  /** Plugin name (default `puppetdb`); give each instance its own when wiring several PuppetDBs. */
  name: z.string().regex(/^[a-z][a-z0-9-]*$/).default('puppetdb').describe('Plugin name'),
})

/** Options of {@link puppetdbPlugin}, as a caller writes them. */
export type PuppetDbPluginOptions = z.input<typeof PuppetDbPluginOptions>
/** Options after defaults. */
export type ResolvedPuppetDbOptions = z.output<typeof PuppetDbPluginOptions>
