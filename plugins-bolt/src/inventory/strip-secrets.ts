/**
 * Config keys whose values are credentials: passwords (`password`,
 * `sudo-password`), passphrases, inline private keys (`key-data` under
 * `private-key`), tokens. `private-key` as a string is a path to a key file and
 * `token-file` a path to a token: those say where a secret is, not what it is,
 * and stay. The same rule as the core's local plugin, so both sources report
 * the same config for the same Bolt inventory.
 */
const SECRET_KEY = /password|passphrase|secret|^key-data$|^token$|-token$|^api-key$/i

/**
 * A copy of a config mapping without credentials, at any depth. `bolt
 * inventory show --detail` prints resolved config, passwords included, and
 * node records are listed, cached and logged; the plugin hands Bolt the
 * target name, and Bolt reads its own credentials again.
 */
export function stripSecrets(config: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(config)) {
    if (SECRET_KEY.test(key)) continue
    const kept = value !== null && typeof value === 'object' && !Array.isArray(value) ? stripSecrets(value as Record<string, unknown>) : value
    // defineProperty: a key named `__proto__` in Bolt's output stays a plain key.
    Object.defineProperty(out, key, { value: kept, enumerable: true, writable: true, configurable: true })
  }
  return out
}
