/**
 * Milliseconds to wait from an HTTP `Retry-After` header: delay-seconds
 * (`120`) or an HTTP date (`Wed, 21 Oct 2026 07:28:00 GMT`, 0 when already
 * past). `undefined` when the header is absent or neither form.
 *
 * @param now - Clock reading in ms the date is measured from.
 *
 * @example
 * ```ts
 * parseRetryAfter('2') // 2000
 * ```
 */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  const trimmed = value?.trim()
  if (trimmed === undefined || trimmed === '') return undefined
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000
  // Date.parse accepts things like "5.5" or "1 2"; an HTTP date always names a weekday and month.
  if (!/[A-Za-z]{3}/.test(trimmed)) return undefined
  const at = Date.parse(trimmed)
  return Number.isNaN(at) ? undefined : Math.max(0, at - now)
}
