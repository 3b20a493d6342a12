import { z } from 'zod'
import { inputLimits } from './input-limits.js'

/**
 * A record of at most `max` entries (default `inputLimits.entries`). The
 * bound is in JSON Schema too (`maxProperties`), so the CLI, OpenAPI and MCP
 * descriptions carry it.
 */
export function boundedRecord<K extends z.core.$ZodRecordKey, V extends z.ZodType>(key: K, value: V, max: number = inputLimits.entries) {
  return z
    .record(key, value)
    .refine((record) => Object.keys(record).length <= max, { error: `must have at most ${max} entries` })
    .meta({ maxProperties: max })
}

/** A list of at most `max` entries (default `inputLimits.entries`). */
export function boundedList<T extends z.ZodType>(item: T, max: number = inputLimits.entries) {
  return z.array(item).max(max, { error: `must have at most ${max} entries` })
}
