import { readFileSync } from 'node:fs'
import { CapstanError } from 'capstan'
import { describe, expect, it } from 'vitest'
import { puppetdbHealth } from '../../src/health/puppetdb-health.js'
import type { PuppetDbResponse } from '../../src/http/puppetdb-transport.js'
import { FakeTransport, recording } from '../support/fake-transport.js'

const PDB_URL = 'http://puppetdb.example.com:8080'

/** The recorded `puppetdb-status` service of PuppetDB 7.12.1 (a running PuppetDB). */
const runningStatus = (recording('query_status_services').response.body as Record<string, Record<string, unknown>>)['puppetdb-status']!

/** The recorded status with `changes` applied: top-level fields, and `status` fields merged. */
function statusWith(changes: { state?: string; status?: Record<string, unknown> }): Record<string, unknown> {
  const copy = structuredClone(runningStatus)
  if (changes.state !== undefined) copy['state'] = changes.state
  if (changes.status !== undefined) copy['status'] = { ...(copy['status'] as Record<string, unknown>), ...changes.status }
  return copy
}

const answering = (body: unknown, delayMs = 0) =>
  new FakeTransport(async (): Promise<PuppetDbResponse> => {
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs))
    return { status: 200, headers: { 'content-type': 'application/json' }, body }
  })

/** Every capability plugin.json declares: what stops working while PuppetDB refuses queries. */
const declared = (JSON.parse(readFileSync(new URL('../../plugin.json', import.meta.url), 'utf8')) as { capabilities: string[] }).capabilities

describe('puppetdbHealth', () => {
  it('is healthy for a running PuppetDB, with its version and the latency', async () => {
    const transport = answering(runningStatus, 20)
    const outcome = await puppetdbHealth(transport, PDB_URL)
    expect(outcome.status ?? 'healthy').toBe('healthy')
    expect(outcome.failingCapabilities).toBeUndefined()
    expect(outcome.details).toMatchObject({ url: PDB_URL, version: '7.12.1', state: 'running', maintenanceMode: false, readDbUp: true, writeDbUp: true, queueDepth: 0 })
    const latencyMs = outcome.details?.['latencyMs'] as number
    expect(latencyMs).toBeGreaterThanOrEqual(15)
    expect(latencyMs).toBeLessThan(5000)
    expect(outcome.message).toBe(`PuppetDB 7.12.1 at ${PDB_URL}, ${latencyMs} ms`)
    expect(transport.requests).toEqual([{ method: 'GET', path: '/status/v1/services/puppetdb-status' }])
  })

  it('passes its signal to the request', async () => {
    const transport = answering(runningStatus)
    const signal = new AbortController().signal
    await puppetdbHealth(transport, PDB_URL, signal)
    expect(transport.requests[0]?.signal).toBe(signal)
  })

  it('is degraded in maintenance mode, with every capability failing', async () => {
    const outcome = await puppetdbHealth(answering(statusWith({ status: { 'maintenance_mode?': true } })), PDB_URL)
    expect(outcome.status).toBe('degraded')
    expect(outcome.message).toMatch(/maintenance mode/)
    expect(outcome.details).toMatchObject({ maintenanceMode: true })
    expect([...(outcome.failingCapabilities ?? [])].sort()).toEqual([...declared].sort())
  })

  it('is degraded when it cannot read its database, with every capability failing', async () => {
    const outcome = await puppetdbHealth(answering(statusWith({ status: { 'read_db_up?': false } })), PDB_URL)
    expect(outcome.status).toBe('degraded')
    expect(outcome.message).toMatch(/cannot read its database/)
    expect(outcome.details).toMatchObject({ readDbUp: false })
    expect([...(outcome.failingCapabilities ?? [])].sort()).toEqual([...declared].sort())
  })

  it('is degraded but read-only when it cannot write: queries still work', async () => {
    const outcome = await puppetdbHealth(answering(statusWith({ status: { 'write_db_up?': false } })), PDB_URL)
    expect(outcome.status).toBe('degraded')
    expect(outcome.message).toMatch(/read-only/)
    expect(outcome.details).toMatchObject({ writeDbUp: false, readDbUp: true })
    expect(outcome.failingCapabilities).toBeUndefined()
  })

  it.each(['stopping', 'error', 'unknown'])('is unhealthy when the state is %s', async (state) => {
    const outcome = await puppetdbHealth(answering(statusWith({ state })), PDB_URL)
    expect(outcome.status).toBe('unhealthy')
    expect(outcome.message).toBe(`PuppetDB 7.12.1 at ${PDB_URL} is ${state}`)
  })

  it('is unhealthy when the answer has no state at all', async () => {
    const outcome = await puppetdbHealth(answering({}), PDB_URL)
    expect(outcome.status).toBe('unhealthy')
    expect(outcome.message).toBe(`PuppetDB (version unknown) at ${PDB_URL} is in an unknown state`)
  })

  it('is degraded while starting: queries are refused until it runs', async () => {
    const outcome = await puppetdbHealth(answering(statusWith({ state: 'starting' })), PDB_URL)
    expect(outcome.status).toBe('degraded')
    expect(outcome.failingCapabilities).toEqual(expect.arrayContaining(['inventory.list', 'events.stream']))
  })

  it('reads the status document PuppetDB sends with a 503', async () => {
    const document = JSON.stringify(statusWith({ state: 'starting', status: { 'maintenance_mode?': true } }))
    const transport = new FakeTransport(() => {
      throw new CapstanError('UNAVAILABLE', { message: 'HTTP 503', details: { status: 503, puppetdb: document } })
    })
    const outcome = await puppetdbHealth(transport, PDB_URL)
    expect(outcome.status).toBe('degraded')
    expect(outcome.message).toMatch(/starting \(maintenance mode\)/)
  })

  it.each([
    ['PuppetDB cannot be reached', new CapstanError('UNAVAILABLE', { message: 'connect ECONNREFUSED' })],
    ['a 503 from a proxy, not PuppetDB', new CapstanError('UNAVAILABLE', { message: 'HTTP 503', details: { status: 503, puppetdb: '<html>Service Unavailable</html>' } })],
    ['the token is refused', new CapstanError('PERMISSION_DENIED', { message: 'HTTP 403' })],
  ])('rejects with the transport error when %s (the host reports it unhealthy)', async (_, error) => {
    const transport = new FakeTransport(() => {
      throw error
    })
    await expect(puppetdbHealth(transport, PDB_URL)).rejects.toBe(error)
  })
})
