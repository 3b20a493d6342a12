import type { z } from 'zod'
import type { CapstanError } from './capstan-error.js'
import { schemaError } from './validation-error.js'

/**
 * Turns a Zod error about configuration (options, a policy, a manifest) into a
 * CONFIG_ERROR whose message names every bad field and whose `details.issues`
 * lists them. Same shape as {@link validationError}, different code: a bad
 * configuration is the embedder's wiring mistake, not a caller's bad input.
 */
export function configError(subject: string, error: z.ZodError, details: Record<string, unknown> = {}): CapstanError {
  return schemaError('CONFIG_ERROR', `Invalid ${subject}`, subject, error, details)
}
