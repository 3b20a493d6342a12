import { CapstanError, type MetricsSink } from 'capstan'
import { RecordingLogger } from 'capstan/testing'
import { describe, expect, it } from 'vitest'
import { loggingTransport } from '../../src/http/logging-transport.js'
import type { PuppetDbRequest } from '../../src/http/puppetdb-transport.js'
import { FakeTransport } from '../support/fake-transport.js'

/** A MetricsSink that keeps every observation. */
class RecordingMetrics implements MetricsSink {
  readonly observed: Array<{ name: string; value: number; labels?: Record<string, string> }> = []
  readonly incremented: string[] = []
  increment(name: string): void {
    this.incremented.push(name)
  }
  observe(name: string, value: number, labels?: Record<string, string>): void {
    this.observed.push({ name, value, ...(labels === undefined ? {} : { labels }) })
  }
}

const query = ['=', 'certname', 'web01.example.com']
const request: PuppetDbRequest = { method: 'POST', path: '/pdb/query/v4/nodes', body: { query, limit: 10, offset: 0 } }

describe('loggingTransport', () => {
  it('sends the request unchanged and returns the answer', async () => {
    const answer = { status: 200, headers: { 'x-records': '1' }, body: [{ certname: 'web01.example.com' }] }
    const inner = new FakeTransport(() => answer)
    const transport = loggingTransport(inner, new RecordingLogger(), new RecordingMetrics())
    expect(await transport.send(request)).toBe(answer)
    expect(inner.requests).toEqual([request])
  })

  it('logs method, path and query at debug, and nothing else of the request', async () => {
    const logger = new RecordingLogger()
    const transport = loggingTransport(new FakeTransport(() => ({ status: 200, headers: {}, body: [] })), logger, new RecordingMetrics())
    await transport.send(request)
    expect(logger.records).toEqual([{ level: 'debug', bindings: {}, obj: { method: 'POST', path: '/pdb/query/v4/nodes', query }, msg: 'puppetdb request' }])
  })

  it('never logs headers or a token, even ones a caller put on the request', async () => {
    const logger = new RecordingLogger()
    const transport = loggingTransport(new FakeTransport(() => ({ status: 200, headers: { 'set-cookie': 'session=s3cret-cookie' }, body: [] })), logger, new RecordingMetrics())
    const withSecrets = { ...request, headers: { 'X-Authentication': 's3cret-token' }, params: { token: 's3cret-param' } } as PuppetDbRequest
    await transport.send(withSecrets)
    expect(logger.text()).not.toMatch(/s3cret|X-Authentication|headers|set-cookie/i)
  })

  it('logs a GET without a body with an undefined query', async () => {
    const logger = new RecordingLogger()
    const transport = loggingTransport(new FakeTransport(() => ({ status: 200, headers: {}, body: { version: '7.12.1' } })), logger, new RecordingMetrics())
    await transport.send({ method: 'GET', path: '/pdb/meta/v1/version' })
    expect(logger.records[0]?.obj).toEqual({ method: 'GET', path: '/pdb/meta/v1/version', query: undefined })
  })

  it('times each request as puppetdb.request, labelled with the path and outcome ok', async () => {
    const metrics = new RecordingMetrics()
    const inner = new FakeTransport(async () => {
      await new Promise((resolve) => setTimeout(resolve, 20))
      return { status: 200, headers: {}, body: [] }
    })
    await loggingTransport(inner, new RecordingLogger(), metrics).send(request)
    expect(metrics.observed).toHaveLength(1)
    expect(metrics.observed[0]).toMatchObject({ name: 'puppetdb.request', labels: { path: '/pdb/query/v4/nodes', outcome: 'ok' } })
    expect(metrics.observed[0]!.value).toBeGreaterThanOrEqual(15)
  })

  it('adds the labels it was given, so two PuppetDB plugins keep their metrics apart', async () => {
    const metrics = new RecordingMetrics()
    const ok = () => ({ status: 200, headers: {}, body: [] })
    await loggingTransport(new FakeTransport(ok), new RecordingLogger(), metrics, { plugin: 'puppetdb-eu' }).send(request)
    await loggingTransport(new FakeTransport(ok), new RecordingLogger(), metrics, { plugin: 'puppetdb-us' }).send(request)
    expect(metrics.observed.map((o) => o.labels)).toEqual([
      { plugin: 'puppetdb-eu', path: '/pdb/query/v4/nodes', outcome: 'ok' },
      { plugin: 'puppetdb-us', path: '/pdb/query/v4/nodes', outcome: 'ok' },
    ])
  })

  it('labels a failure with its error code and rethrows the same error', async () => {
    const metrics = new RecordingMetrics()
    const refused = new CapstanError('UNAVAILABLE', { message: 'connect ECONNREFUSED' })
    const transport = loggingTransport(
      new FakeTransport(() => {
        throw refused
      }),
      new RecordingLogger(),
      metrics,
    )
    await expect(transport.send(request)).rejects.toBe(refused)
    expect(metrics.observed[0]).toMatchObject({ name: 'puppetdb.request', labels: { path: '/pdb/query/v4/nodes', outcome: 'UNAVAILABLE' } })
  })

  it('labels an error without a code as error', async () => {
    const metrics = new RecordingMetrics()
    const bug = new TypeError('boom')
    const transport = loggingTransport(
      new FakeTransport(() => {
        throw bug
      }),
      new RecordingLogger(),
      metrics,
    )
    await expect(transport.send(request)).rejects.toBe(bug)
    expect(metrics.observed[0]?.labels).toEqual({ path: '/pdb/query/v4/nodes', outcome: 'error' })
  })
})
