// Plumbing of the suites that need more than a query against the shared
// dataset: counting the HTTP requests this process really sends (TLS and
// fault tests), following a stream in the background, storing reports into
// the fault instance and stopping or starting it.
import { execFile } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { subscribe, unsubscribe } from 'node:diagnostics_channel'
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import type { ClientRequest } from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { inParallel, submitCommand } from './dataset/commands.js'
import type { DatasetNode, RunKind } from './dataset/dataset-node.js'
import { eventsOf, reportOf } from './dataset/report.js'

/** One HTTP request as `node:http` / `node:https` started it. */
export interface SentRequest {
  /** The Host header: `127.0.0.1:8090`. */
  host: string
  method: string
  /** Path with query string. */
  path: string
  /** The agent that sent it: each PuppetDbHttpClient has its own, so it tells plugins apart. */
  agent: unknown
  /** When it started (performance.now()). */
  at: number
}

/**
 * Every request `node:http` starts in this process, from Node's own
 * diagnostics channel: a retry, a breaker's trial call and a refused
 * connection each count once, and nothing in the plugin is replaced.
 * (The test setup's commands go through fetch, which this does not see.)
 */
export class RequestLog {
  readonly requests: SentRequest[] = []
  readonly #listener = (message: unknown): void => {
    const request = (message as { request: ClientRequest }).request
    const sent: SentRequest = {
      host: String(request.getHeader('host')),
      method: request.method,
      path: request.path,
      agent: (request as ClientRequest & { agent?: unknown }).agent,
      at: performance.now(),
    }
    this.requests.push(sent)
  }

  constructor() {
    subscribe('http.client.request.start', this.#listener)
  }

  /** Requests from `mark` on (a mark is `requests.length` at some moment) matching `match`. */
  since(mark: number, match: (request: SentRequest) => boolean = () => true): SentRequest[] {
    return this.requests.slice(mark).filter(match)
  }

  /** The agent of the plugin that sent the first request after `mark` to `host` (its start-up ping). */
  agentAfter(mark: number, host: string): unknown {
    const first = this.since(mark, (r) => r.host === host)[0]
    if (first === undefined) throw new Error(`no request to ${host} after mark ${mark}`)
    return first.agent
  }

  close(): void {
    unsubscribe('http.client.request.start', this.#listener)
  }
}

/** `host:port` of a URL, as it appears in a Host header. */
export function hostOf(url: string): string {
  return new URL(url).host
}

/**
 * Polls `check` until it returns something other than undefined; fails with
 * `what` after `timeoutMs`. `check` may be async.
 */
export async function waitFor<T>(what: string, check: () => T | undefined | Promise<T | undefined>, timeoutMs: number, intervalMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, intervalMs))
  }
}

export { rejection, resolved } from '@capstan/test-support/async'
export { thrownBy as thrown } from '@capstan/test-support/errors'

/**
 * Iterates a stream in the background, keeping every item, until it ends,
 * fails or its signal is aborted.
 */
export class StreamCollector<T> {
  readonly items: T[] = []
  error: unknown = undefined
  ended = false
  /** Settles (never rejects) when the iteration is over. */
  readonly done: Promise<void>

  constructor(stream: AsyncIterable<T>) {
    this.done = (async () => {
      try {
        for await (const item of stream) this.items.push(item)
      } catch (error) {
        this.error = error
      } finally {
        this.ended = true
      }
    })()
  }

  /** Waits until `predicate` holds for the items so far; fails at once when the stream ended. */
  async until(what: string, predicate: (items: readonly T[]) => boolean, timeoutMs: number): Promise<void> {
    await waitFor(
      `${what} (got ${JSON.stringify(this.items)})`,
      () => {
        if (predicate(this.items)) return true
        if (this.ended) throw new Error(`the stream ended (${this.error === undefined ? 'quietly' : String(this.error)}) before ${what}; got ${this.items.length} items`)
        return undefined
      },
      timeoutMs,
    )
  }
}

/** One run to store: a node of `datasetNodes(count, prefix)` and what its run did. */
export interface Run {
  node: DatasetNode
  kind: RunKind
}

/** What an event is for the comparisons: node, resource and outcome. */
export type EventTuple = string

export function tupleOf(event: { certname?: string | undefined; resourceType: string; resourceTitle: string; status: string }): EventTuple {
  return [event.certname ?? '?', event.resourceType, event.resourceTitle, event.status].join(' ')
}

/** The tuples of `events`, sorted, so two multisets compare with toEqual. */
export function tuples(events: ReadonlyArray<Parameters<typeof tupleOf>[0]>): EventTuple[] {
  return events.map(tupleOf).sort()
}

/** An event a stored run produces, with its node. */
export type ExpectedEvent = ReturnType<typeof eventsOf>[number] & { certname: string }

/** The events `runs` produce. */
export function expectedEvents(runs: readonly Run[]): ExpectedEvent[] {
  return runs.flatMap(({ node, kind }) => eventsOf(node, kind).map((event) => ({ ...event, certname: node.certname })))
}

/** The events `runs` produce, as tuples (sorted). */
export function expectedTuples(runs: readonly Run[]): EventTuple[] {
  return tuples(expectedEvents(runs))
}

let runCounter = 0

/**
 * Stores one report per run through PuppetDB's command API and waits until
 * PuppetDB has stored them. Each report gets its own start time and
 * transaction, so no two are the same report.
 */
export async function storeRuns(url: string, runs: readonly Run[], parallel = 4): Promise<void> {
  await inParallel(runs, parallel, async ({ node, kind }) => {
    runCounter += 1
    const start = new Date(Date.now() - 60_000 + runCounter)
    await submitCommand(url, 'store_report', 8, node.certname, reportOf(node, kind, start, randomUUID()))
  })
}

/** PuppetDB's clock now (ISO), the clock stream positions are measured in. */
export async function serverTime(url: string): Promise<string> {
  const response = await fetch(`${url}/pdb/meta/v1/server-time`)
  if (!response.ok) throw new Error(`server-time: HTTP ${response.status}`)
  return ((await response.json()) as { server_time: string }).server_time
}

/** A short prefix no earlier run of the suite used, so certnames (and report hashes) are new. */
export function freshPrefix(label: string): string {
  return `${label}-${Date.now().toString(36)}-`
}

/**
 * Takes the fault instance for this process, waiting while another test run
 * (a second vitest started on the same machine) holds it: its outage would
 * stop PuppetDB under this run's tests. A lock left by a process that is
 * gone is taken over. Returns the release.
 */
export async function lockFaultInstance(timeoutMs: number): Promise<() => void> {
  const file = path.join(os.tmpdir(), 'capstan-puppetdb-fault.lock')
  await waitFor(
    `the fault instance, which another test run holds (${file})`,
    () => {
      try {
        writeFileSync(file, String(process.pid), { flag: 'wx' })
        return true
      } catch (error) {
        if ((error as { code?: string }).code !== 'EEXIST') throw error
      }
      if (!isAlive(Number(readFileSync(file, 'utf8')))) rmSync(file, { force: true })
      return undefined
    },
    timeoutMs,
    500,
  )
  return () => rmSync(file, { force: true })
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM'
  }
}

/** Runs test/infra/puppetdb.sh (`bash ctl stop fault`), failing with its output when it fails. */
export async function puppetdbCtl(ctl: string, action: 'start' | 'stop', instance: 'fault', timeoutMs = 300_000): Promise<void> {
  await promisify(execFile)('bash', [ctl, action, instance], { timeout: timeoutMs, maxBuffer: 4 * 1024 * 1024 })
}

/** True when PuppetDB at `url` answers its status service with "running". */
export async function isRunning(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/status/v1/services/puppetdb-status`, { signal: AbortSignal.timeout(3000) })
    const body = (await response.json().catch(() => ({}))) as { state?: string }
    return response.ok && body.state === 'running'
  } catch {
    return false
  }
}
