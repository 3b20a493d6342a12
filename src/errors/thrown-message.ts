/**
 * The message of anything a caller's or an application's code threw, for an
 * error message: an Error's `message`, else `String(value)`, else (a value
 * that cannot become a string, such as `Object.create(null)`, or whose
 * `toString` throws) its `Object.prototype.toString` tag, else (a Proxy
 * whose every trap throws) its `typeof`. Never throws.
 */
export function thrownMessage(value: unknown): string {
  if (value instanceof Error) return value.message
  try {
    return String(value)
  } catch {
    return tagOf(value)
  }
}

function tagOf(value: unknown): string {
  try {
    return Object.prototype.toString.call(value)
  } catch {
    return `[${typeof value}]`
  }
}
