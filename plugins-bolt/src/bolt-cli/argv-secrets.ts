/**
 * The values in a bolt argv that may be secret and must not be quoted in
 * error messages: every `--env-var` value and every string in the `--params`
 * JSON (task parameters are how Bolt users pass passwords to tasks). Bolt's
 * messages are redacted with them before they become errors.
 */
export function argvSecrets(argv: readonly string[]): string[] {
  const secrets: string[] = []
  argv.forEach((arg, index) => {
    const value = argv[index + 1]
    if (value === undefined) return
    if (arg === '--env-var') secrets.push(value.slice(value.indexOf('=') + 1))
    if (arg === '--params') secrets.push(...jsonStrings(value))
  })
  return secrets.filter((secret) => secret !== '')
}

function jsonStrings(json: string): string[] {
  let parsed: unknown
  try {
    parsed = JSON.parse(json)
  } catch {
    // Not JSON (a hand-built argv): the whole value is what could leak.
    return [json]
  }
  const strings: string[] = []
  const walk = (value: unknown): void => {
    if (typeof value === 'string') strings.push(value)
    else if (Array.isArray(value)) value.forEach(walk)
    else if (typeof value === 'object' && value !== null) Object.values(value).forEach(walk)
  }
  walk(parsed)
  return strings
}
