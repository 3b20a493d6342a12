/** Overall health of a plugin or of the host. */
export type HealthLevel = 'healthy' | 'degraded' | 'unhealthy'

/** What a plugin's `performHealthCheck` reports; everything is optional. */
export interface HealthCheckOutcome {
  status?: HealthLevel | undefined
  message?: string | undefined
  details?: Record<string, unknown> | undefined
  /** Capabilities that do not work right now (their ids). */
  failingCapabilities?: string[] | undefined
}

/** The health of one plugin as the host reports it. */
export interface HealthStatus {
  status: HealthLevel
  message: string
  details: Record<string, unknown>
  /** ISO 8601 time of the check (cached results keep their original time). */
  checkedAt: string
  latencyMs: number
  workingCapabilities: string[]
  failingCapabilities: string[]
}
