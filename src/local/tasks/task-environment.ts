/**
 * The `PT_<name>` environment variables Bolt gives a task: strings as they
 * are, every other value JSON-encoded (so `3` is `3` and `[1,2]` is `[1,2]`).
 * Parameters without a value are not set.
 */
export function taskEnvironment(params: Record<string, unknown>): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined) continue
    env[`PT_${name}`] = typeof value === 'string' ? value : JSON.stringify(value)
  }
  return env
}
