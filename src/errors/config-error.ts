import type { z } from 'zod'
import { CapstanError } from './capstan-error.js'
import { formatPath, type FieldIssue } from './validation-error.js'

/**
 * Turns a Zod error about configuration (options, a policy, a manifest) into a
 * CONFIG_ERROR whose message names every bad field and whose `details.issues`
 * lists them. Same shape as {@link validationError}, different code: a bad
 * configuration is the embedder's wiring mistake, not a caller's bad input.
 */
export function configError(subject: string, error: z.ZodError, details: Record<string, unknown> = {}): CapstanError {
  const issues: FieldIssue[] = error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message }))
  const listed = issues.map((i) => `${i.path}: ${i.message}`).join('; ')
  return new CapstanError('CONFIG_ERROR', {
    message: `Invalid ${subject}: ${listed}`,
    details: { ...details, subject, field: issues[0]?.path, issues },
    cause: error,
  })
}
