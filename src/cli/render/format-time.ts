const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/

/**
 * An ISO 8601 time as `2026-11-25 13:04:05Z` (UTC, to the second) for table
 * cells; anything that is not such a time comes back unchanged, and a
 * missing value as an empty string.
 */
export function formatTime(value: unknown): string {
  if (typeof value !== 'string') return value === undefined || value === null ? '' : String(value)
  if (!ISO_TIME.test(value)) return value
  const time = new Date(value)
  if (Number.isNaN(time.getTime())) return value
  return `${time.toISOString().slice(0, 19).replace('T', ' ')}Z`
}
