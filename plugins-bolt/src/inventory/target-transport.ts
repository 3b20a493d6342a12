/** Bolt's transport when neither the URI nor the config names one. */
export const BOLT_DEFAULT_TRANSPORT = 'ssh'

/** The URI's scheme, lower-cased, as a transport (`winrm://host` → `winrm`); undefined without one. */
export function schemeTransport(uri: string): string | undefined {
  return /^([a-z][a-z0-9+.-]*):\/\//i.exec(uri)?.[1]?.toLowerCase()
}

/**
 * The transport Bolt uses for a target, by Bolt's own rule: the URI's scheme,
 * else the config's `transport`, else `ssh`. A bare `host:2222` has no scheme.
 */
export function targetTransport(uri: string | undefined, configTransport: string | undefined): string {
  return (uri === undefined ? undefined : schemeTransport(uri)) ?? configTransport ?? BOLT_DEFAULT_TRANSPORT
}
