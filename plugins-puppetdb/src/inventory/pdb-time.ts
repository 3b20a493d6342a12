import { z } from 'zod'

/**
 * A time as PuppetDB writes it: ISO 8601 with `Z` or an offset, any
 * fraction. PuppetDB 7 uses both forms for the same instant: the events
 * endpoint says `2026-11-24T19:34:18.000Z`, a report's expanded
 * `resource_events` say `2026-11-24T19:34:18+00:00`.
 */
export const PdbTime = z.iso.datetime({ offset: true })

/**
 * Rewrites a {@link PdbTime} as UTC with milliseconds (`toISOString`), so the
 * same instant reads the same whichever endpoint it came from and times sort
 * as strings. Finer fractions (agent log times) are cut to milliseconds.
 */
export function isoTime(time: string): string {
  return new Date(time).toISOString()
}
