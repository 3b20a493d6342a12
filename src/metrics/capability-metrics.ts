import { LatencyReservoir } from './latency-reservoir.js'
import type { MetricsSink } from './metrics-sink.js'

/** Counts and latency percentiles of one capability. */
export interface CapabilityStats {
  count: number
  errors: number
  p50: number
  p95: number
  p99: number
}

/** A snapshot of the host's metrics. */
export interface MetricsSnapshot {
  /** Per capability id: invocations, errors and latency percentiles in ms. */
  capabilities: Record<string, CapabilityStats>
  /** Counters recorded by plugins and the host, keyed `name{label=value,...}`. */
  counters: Record<string, number>
  /**
   * Per `capability|plugin`: executions, nodes run, the share of nodes that
   * succeeded, and execution durations in ms.
   */
  executions: Record<string, { count: number; nodes: number; succeeded: number; successRatio: number; p50: number; p95: number; p99: number }>
  /** Percentiles of the observations plugins recorded, keyed like counters. */
  observations: Record<string, { count: number; p50: number; p95: number; p99: number }>
}

/**
 * The host's metrics: per-capability invocation counts, errors and latency,
 * plus free counters and observations from plugins. One per Capstan instance.
 */
export class CapabilityMetrics implements MetricsSink {
  readonly #capabilities = new Map<string, { count: number; errors: number; latency: LatencyReservoir }>()
  readonly #counters = new Map<string, number>()
  readonly #observations = new Map<string, LatencyReservoir>()
  readonly #executions = new Map<string, { count: number; nodes: number; succeeded: number; latency: LatencyReservoir }>()

  /** Records one invocation of a capability. */
  record(capability: string, durationMs: number, failed: boolean): void {
    let entry = this.#capabilities.get(capability)
    if (entry === undefined) {
      entry = { count: 0, errors: 0, latency: new LatencyReservoir() }
      this.#capabilities.set(capability, entry)
    }
    entry.count += 1
    if (failed) entry.errors += 1
    entry.latency.add(durationMs)
  }

  /** Records one finished execution's share on one plugin: its duration and how many of its nodes succeeded. */
  recordExecution(capability: string, plugin: string, durationMs: number, nodes: number, succeeded: number): void {
    const key = `${capability}|${plugin}`
    let entry = this.#executions.get(key)
    if (entry === undefined) {
      entry = { count: 0, nodes: 0, succeeded: 0, latency: new LatencyReservoir() }
      this.#executions.set(key, entry)
    }
    entry.count += 1
    entry.nodes += nodes
    entry.succeeded += succeeded
    entry.latency.add(durationMs)
  }

  increment(name: string, value = 1, labels?: Record<string, string>): void {
    const key = metricKey(name, labels)
    this.#counters.set(key, (this.#counters.get(key) ?? 0) + value)
  }

  observe(name: string, value: number, labels?: Record<string, string>): void {
    const key = metricKey(name, labels)
    let reservoir = this.#observations.get(key)
    if (reservoir === undefined) {
      reservoir = new LatencyReservoir()
      this.#observations.set(key, reservoir)
    }
    reservoir.add(value)
  }

  /** Current values; safe to serialise. */
  snapshot(): MetricsSnapshot {
    const capabilities: Record<string, CapabilityStats> = {}
    for (const [id, { count, errors, latency }] of this.#capabilities) {
      const [p50 = 0, p95 = 0, p99 = 0] = latency.percentiles(50, 95, 99)
      capabilities[id] = { count, errors, p50, p95, p99 }
    }
    const executions: MetricsSnapshot['executions'] = {}
    for (const [key, { count, nodes, succeeded, latency }] of this.#executions) {
      const [p50 = 0, p95 = 0, p99 = 0] = latency.percentiles(50, 95, 99)
      executions[key] = { count, nodes, succeeded, successRatio: nodes === 0 ? 1 : succeeded / nodes, p50, p95, p99 }
    }
    const observations: MetricsSnapshot['observations'] = {}
    for (const [key, reservoir] of this.#observations) {
      const [p50 = 0, p95 = 0, p99 = 0] = reservoir.percentiles(50, 95, 99)
      observations[key] = { count: reservoir.count, p50, p95, p99 }
    }
    return { capabilities, executions, counters: Object.fromEntries(this.#counters), observations }
  }
}

function metricKey(name: string, labels?: Record<string, string>): string {
  if (labels === undefined) return name
  const parts = Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`)
  return parts.length === 0 ? name : `${name}{${parts.join(',')}}`
}
