/** Bolt's transport when neither the URI nor the config names one. */
export const DEFAULT_TRANSPORT = 'ssh'

/**
 * A target URI's scheme, lower-cased, as a transport (`winrm://host` →
 * `winrm`); undefined when it has none (`host:2222`, `user@host`).
 */
export function schemeTransport(uri: string): string | undefined {
  return /^([a-z][a-z0-9+.-]*):\/\//i.exec(uri)?.[1]?.toLowerCase()
}

/**
 * The transport Bolt uses for a target, by Bolt's own rule: the URI's scheme
 * (`winrm://host` → `winrm`), else the target's merged config `transport`
 * when it is a string, else `ssh`. A bare `host:2222` has no scheme, so its
 * transport comes from the config.
 *
 * @param configTransport - The `transport` key of the target's config, as the inventory holds it.
 */
export function targetTransport(uri: string | undefined, configTransport: unknown): string {
  return (uri === undefined ? undefined : schemeTransport(uri)) ?? (typeof configTransport === 'string' ? configTransport : DEFAULT_TRANSPORT)
}
