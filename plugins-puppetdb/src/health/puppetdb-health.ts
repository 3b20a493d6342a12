import { isCapstanError, type HealthCheckOutcome } from 'capstan'
import manifest from '../../plugin.json' with { type: 'json' }
import type { PuppetDbTransport } from '../http/puppetdb-transport.js'

/** What the plugin implements (plugin.json); none of it works while PuppetDB refuses queries. */
const everyCapability: readonly string[] = manifest.capabilities

/** The part of `/status/v1/services/puppetdb-status` the health check reads. */
interface PuppetDbStatus {
  service_version?: string
  state?: string
  status?: {
    'maintenance_mode?'?: boolean
    queue_depth?: number | null
    'read_db_up?'?: boolean
    'write_db_up?'?: boolean
  }
}

/**
 * The status document PuppetDB sends with a 503 while it is starting or in
 * maintenance (the transport turns the 503 into an error); any other
 * failure is rethrown, and the host reports the plugin unhealthy.
 */
function statusOf503(error: unknown): PuppetDbStatus {
  if (isCapstanError(error, 'UNAVAILABLE') && error.details.status === 503 && typeof error.details.puppetdb === 'string') {
    try {
      const status = JSON.parse(error.details.puppetdb) as unknown
      if (status !== null && typeof status === 'object' && 'state' in status) return status as PuppetDbStatus
    } catch {
      // Not PuppetDB's status document: a proxy's answer, say.
    }
  }
  throw error
}

/**
 * Health from PuppetDB's own status service: its version, state, and
 * whether it serves reads and writes. Maintenance mode (PuppetDB starting
 * up or migrating, queries refused) and a database that is down make the
 * plugin degraded; a state other than running makes it unhealthy. The host
 * measures the latency around this call.
 */
export async function puppetdbHealth(transport: PuppetDbTransport, url: string, signal?: AbortSignal): Promise<HealthCheckOutcome> {
  const started = performance.now()
  const body = await transport
    .send({ method: 'GET', path: '/status/v1/services/puppetdb-status', ...(signal === undefined ? {} : { signal }) })
    .then((response) => response.body)
    .catch((error: unknown) => statusOf503(error))
  const latencyMs = Math.round((performance.now() - started) * 10) / 10
  const status = (body ?? {}) as PuppetDbStatus
  const maintenance = status.status?.['maintenance_mode?'] === true
  const readDbUp = status.status?.['read_db_up?'] !== false
  const writeDbUp = status.status?.['write_db_up?'] !== false
  const details = {
    url,
    version: status.service_version,
    state: status.state,
    maintenanceMode: maintenance,
    readDbUp,
    writeDbUp,
    queueDepth: status.status?.queue_depth ?? undefined,
    latencyMs,
  }
  const version = `PuppetDB ${status.service_version ?? '(version unknown)'}`
  if (status.state === 'starting' || (status.state !== 'running' && maintenance)) {
    return {
      status: 'degraded',
      message: `${version} at ${url} is ${status.state}${maintenance ? ' (maintenance mode)' : ''}: queries are refused until it is running`,
      details,
      failingCapabilities: [...everyCapability],
    }
  }
  if (status.state !== 'running') {
    return { status: 'unhealthy', message: `${version} at ${url} is ${status.state ?? 'in an unknown state'}`, details }
  }
  if (maintenance || !readDbUp) {
    return {
      status: 'degraded',
      message: maintenance ? `${version} at ${url} is in maintenance mode: queries are refused until it finishes` : `${version} at ${url} cannot read its database`,
      details,
      failingCapabilities: [...everyCapability],
    }
  }
  if (!writeDbUp) return { status: 'degraded', message: `${version} at ${url} answers queries but cannot write (read-only)`, details }
  return { message: `${version} at ${url}, ${latencyMs} ms`, details }
}
