/**
 * Config keys whose values are credentials: passwords, inline private keys,
 * tokens. `token-file` and `private-key` (a path) are not secrets and stay.
 */
const SECRET_KEY = /password|passphrase|secret|^key-data$|^token$|-token$|^api-key$/i

/**
 * A copy of a config mapping without credentials, at any depth. Inventory
 * config ends up in node records that are listed, cached and logged, and those
 * must never carry secrets; a plugin that needs them reads its own file.
 */
export function stripSecrets(config: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(config)) {
    if (SECRET_KEY.test(key)) continue
    const kept = value !== null && typeof value === 'object' && !Array.isArray(value) ? stripSecrets(value as Record<string, unknown>) : value
    Object.defineProperty(out, key, { value: kept, enumerable: true, writable: true, configurable: true })
  }
  return out
}
