import { describe, expect, it } from 'vitest'
import { CapabilityMetrics } from 'capstan'
import { LatencyReservoir } from '../../src/metrics/latency-reservoir.js'

describe('LatencyReservoir', () => {
  it('gives nearest-rank percentiles and keeps only the most recent samples', () => {
    const reservoir = new LatencyReservoir(100)
    for (let i = 1; i <= 100; i++) reservoir.add(i)
    expect(reservoir.percentiles(50, 95, 99)).toEqual([50, 95, 99])
    for (let i = 0; i < 100; i++) reservoir.add(1000)
    expect(reservoir.percentiles(50)).toEqual([1000])
    expect(reservoir.count).toBe(200)
  })

  it('answers 0 when empty', () => {
    expect(new LatencyReservoir().percentiles(50, 99)).toEqual([0, 0])
  })
})

describe('CapabilityMetrics', () => {
  it('counts invocations and errors per capability, and keys counters and observations by sorted labels', () => {
    const metrics = new CapabilityMetrics()
    metrics.record('inventory.list', 10, false)
    metrics.record('inventory.list', 30, true)
    metrics.increment('http.requests', 1, { status: '200', method: 'GET' })
    metrics.increment('http.requests', 2, { method: 'GET', status: '200' })
    metrics.observe('http.latency', 12)
    const snapshot = metrics.snapshot()
    expect(snapshot.capabilities['inventory.list']).toEqual({ count: 2, errors: 1, p50: 10, p95: 30, p99: 30 })
    expect(snapshot.counters).toEqual({ 'http.requests{method=GET,status=200}': 3 })
    expect(snapshot.observations['http.latency']).toEqual({ count: 1, p50: 12, p95: 12, p99: 12 })
  })
})
