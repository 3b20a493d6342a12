import type { Node } from './models/node.js'

/**
 * Logger shape Capstan uses everywhere; compatible with pino, so a pino
 * logger can be passed as it is.
 */
export interface Logger {
  debug(obj: unknown, msg?: string): void
  info(obj: unknown, msg?: string): void
  warn(obj: unknown, msg?: string): void
  error(obj: unknown, msg?: string): void
  child(bindings: Record<string, unknown>): Logger
}

/** Who is calling: an id and the roles RBAC checks. */
export interface Principal {
  id: string
  roles: string[]
}

/** What a provider receives with each invocation, besides its input. */
export interface ProviderContext {
  /** Aborts when the caller cancels or the provider's timeout passes. */
  signal: AbortSignal
  /**
   * Executions only, when the caller gave one: aborts (after `signal`) when
   * stopping may no longer wait for the grace between SIGTERM and SIGKILL,
   * such as on a second Ctrl-C. Kill whatever is left of the work at once.
   */
  killSignal?: AbortSignal | undefined
  /** The calling principal, when one was given. */
  principal?: Principal | undefined
  /** Logger bound to the plugin and capability. */
  logger: Logger
  /**
   * For targeted capabilities: the resolved nodes this provider must act on
   * (their ids are also in `input.targets`).
   */
  nodes?: Node[] | undefined
}
