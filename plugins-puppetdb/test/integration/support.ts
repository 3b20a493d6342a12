// Shared plumbing of the PuppetDB integration suites: the dataset the global
// setup loaded (and what it predicts), a Capstan wired with the plugin and a
// recording logger, the PuppetDB requests that logger saw, and a way to change
// one node's facts behind the plugin's back.
import { createCapstan, type Capstan, type CapstanOptions } from 'capstan'
import { RecordingLogger } from 'capstan/testing'
import { puppetdbPlugin, type PuppetDbPlugin, type PuppetDbPluginOptions } from '../../src/index.js'
import { submitCommand } from './dataset/commands.js'
import type { DatasetNode, RunKind } from './dataset/dataset-node.js'
import { factsOf } from './dataset/facts.js'
import type { Dataset } from './dataset/load-dataset.js'
import { eventsOf, type ExpectedEvent } from './dataset/report.js'
import { puppetdbSetup, type PuppetDbSetup } from './dataset/shared-dataset.js'

import { needs } from '@capstan/test-support/requirement'
import { puppetDbRunning } from './requirements.js'

export { rejection } from '@capstan/test-support/async'

/** The services and the dataset loaded for this run; null when no PuppetDB answered (the suites skip). */
export const puppetdb: PuppetDbSetup | null = await puppetdbSetup()

/** `describe` and `it` of suites that need the main PuppetDB: they skip saying why when it does not answer. */
export const withPuppetDb = needs(puppetDbRunning)

/** The loaded dataset; only call it inside a suite that skips when {@link puppetdb} is null. */
export function dataset(): Dataset {
  if (puppetdb === null) throw new Error('no PuppetDB: the suite should have been skipped')
  return puppetdb.dataset
}

/** A Capstan with the PuppetDB plugin, its recording logger and the plugin itself (for `query`/`paginate`). */
export type PuppetDbCapstan = Capstan & { logger: RecordingLogger; puppetdb: PuppetDbPlugin }

/**
 * A Capstan (provider output checked against the schemas) whose only plugin
 * is PuppetDB at the dataset's URL, logging into a RecordingLogger: the
 * plugin logs every request it sends at debug level, with its query.
 */
export async function puppetdbCapstan(options: Partial<PuppetDbPluginOptions> = {}, capstanOptions: Omit<CapstanOptions, 'plugins' | 'logger'> = {}): Promise<PuppetDbCapstan> {
  const logger = new RecordingLogger()
  const plugin = puppetdbPlugin({ url: dataset().url, ...options })
  const capstan = await createCapstan({ validateOutput: true, ...capstanOptions, logger, plugins: [plugin] })
  return Object.assign(capstan, { logger, puppetdb: plugin })
}

/** One request the plugin sent, as its logging transport recorded it. */
export interface LoggedRequest {
  method: string
  path: string
  query?: unknown
}

/** The PuppetDB requests logged after record number `from` (take `logger.records.length` before the call). */
export function requestsSince(logger: RecordingLogger, from = 0): LoggedRequest[] {
  return logger.records
    .slice(from)
    .filter((record) => record.level === 'debug' && record.msg === 'puppetdb request')
    .map((record) => record.obj as LoggedRequest)
}

/** Every `[op, field, value]` comparison inside an AST (through and/or/not/extract/subqueries). */
export function comparisons(ast: unknown): Array<[string, unknown, unknown]> {
  if (!Array.isArray(ast)) return []
  const [op, ...args] = ast as unknown[]
  if (typeof op === 'string' && ['=', '~', '<', '<=', '>', '>='].includes(op) && args.length === 2) return [[op, args[0], args[1]]]
  return args.flatMap(comparisons)
}

/** The kind of the node's latest run. */
export function latestKind(node: DatasetNode): RunKind {
  return node.runs.at(-1)!
}

/** The status PuppetDB stores for a run of `kind`: a noop run is `unchanged` with noop set. */
export function statusOf(kind: RunKind): 'changed' | 'unchanged' | 'failed' {
  return kind === 'noop' ? 'unchanged' : kind
}

/** `web000` for `web000.fra1.example.com`. */
export function shortName(certname: string): string {
  return certname.slice(0, certname.indexOf('.'))
}

/** The certnames of `nodes`, sorted (code-point order, as Capstan sorts ids). */
export function certnames(nodes: readonly DatasetNode[]): string[] {
  return nodes.map((node) => node.certname).sort(byCodePoint)
}

export function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** One stored run of a dataset node, with when it started (the loader puts older runs two hours apart). */
export interface DatasetRun {
  node: DatasetNode
  kind: RunKind
  latest: boolean
  start: string
}

/** Every run the dataset stored, latest and older. */
export function datasetRuns(data: Dataset): DatasetRun[] {
  return data.nodes.flatMap((node) => {
    const latestStart = Date.parse(data.latestRunStart[node.certname]!)
    return node.runs.map((kind, i) => ({
      node,
      kind,
      latest: i === node.runs.length - 1,
      start: new Date(latestStart - (node.runs.length - 1 - i) * 2 * 3600_000).toISOString(),
    }))
  })
}

/** The resource events of `runs`, each with its node. */
export function datasetEvents(runs: readonly DatasetRun[]): Array<ExpectedEvent & { certname: string; run: DatasetRun }> {
  return runs.flatMap((run) => eventsOf(run.node, run.kind).map((event) => ({ ...event, certname: run.node.certname, run })))
}

/** ISO time `ms` milliseconds after `iso`. */
export function plusMs(iso: string, ms: number): string {
  return new Date(Date.parse(iso) + ms).toISOString()
}

/**
 * Replaces `node`'s facts through the command API with the dataset's facts
 * plus `changes` (top-level facts), produced now so PuppetDB keeps them, and
 * waits until PuppetDB stored them. Call it again without changes to put the
 * dataset's facts back.
 */
export async function replaceFacts(node: DatasetNode, changes: Record<string, unknown> = {}): Promise<void> {
  await submitCommand(dataset().url, 'replace_facts', 5, node.certname, {
    certname: node.certname,
    environment: node.environment,
    producer_timestamp: new Date().toISOString(),
    producer: 'puppet.example.com',
    values: { ...factsOf(node), ...changes },
  })
}
