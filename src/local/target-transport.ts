/** Bolt's transport when neither the URI nor the config names one. */
export const DEFAULT_TRANSPORT = 'ssh'

/**
 * The transport Bolt would use for a target: the URI's scheme
 * (`winrm://host` → `winrm`), else the merged config's `transport`, else `ssh`.
 * A bare `host:2222` has no scheme, so its transport comes from config.
 */
export function targetTransport(uri: string | undefined, config: Record<string, unknown>): string {
  const scheme = uri === undefined ? undefined : /^([^:/]+):\/\//.exec(uri)?.[1]
  if (scheme !== undefined) return scheme.toLowerCase()
  return typeof config['transport'] === 'string' ? config['transport'] : DEFAULT_TRANSPORT
}
