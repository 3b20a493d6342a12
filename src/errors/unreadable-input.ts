import { CapstanError } from './capstan-error.js'
import { formatPath } from './validation-error.js'
import { thrownMessage } from './thrown-message.js'

/** How many values the search for the unreadable one reads at most, so a huge input cannot stall it. */
const MAX_VISITED = 10_000
const MAX_DEPTH = 16

/**
 * The VALIDATION_ERROR for input that throws while it is read (a getter or a
 * Proxy trap of the caller's): the caller's mistake, never the plugin's. It
 * names the first field whose read throws, and keeps that error as `cause`.
 */
export function unreadableInput(subject: string, input: unknown, error: unknown): CapstanError {
  const path = throwingPath(input) ?? []
  const field = formatPath(path)
  const reason = thrownMessage(error)
  const message = `could not be read: ${reason.length > 200 ? `${reason.slice(0, 200)}…` : reason}`
  return new CapstanError('VALIDATION_ERROR', {
    message: `Invalid input for ${subject}: ${field}: ${message}`,
    details: { subject, capability: subject, field, issues: [{ path: field, message }] },
    cause: error,
  })
}

/** The path of the first value whose read throws, depth first, or undefined when none does. */
function throwingPath(root: unknown): PropertyKey[] | undefined {
  let visited = 0
  const seen = new Set<object>()
  const search = (value: unknown, path: PropertyKey[]): PropertyKey[] | undefined => {
    if (typeof value !== 'object' || value === null || seen.has(value) || path.length > MAX_DEPTH) return undefined
    seen.add(value)
    let keys: string[]
    try {
      // What a schema reads of a value: its prototype (is it an array, a Date?) and its keys.
      Object.getPrototypeOf(value)
      keys = Object.keys(value)
    } catch {
      return path
    }
    for (const key of keys) {
      if (++visited > MAX_VISITED) return undefined
      const at = [...path, Array.isArray(value) && /^\d+$/.test(key) ? Number(key) : key]
      let child: unknown
      try {
        child = (value as Record<string, unknown>)[key]
      } catch {
        return at
      }
      const found = search(child, at)
      if (found !== undefined) return found
    }
    return undefined
  }
  return search(root, [])
}
