import type { z } from 'zod'
import { CapstanError } from './capstan-error.js'
import type { ErrorCode } from './codes.js'

import type { FieldIssue } from './field-issue.js'

export type { FieldIssue }

/**
 * Formats a Zod issue path as `a.b[0].c`; a key that is not a plain name
 * (a fact path such as `os.family`) is quoted, `facts["os.family"]`, so the
 * path stays unambiguous.
 */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = ''
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`
    else if (typeof key === 'string' && !/^[A-Za-z_$][\w$-]*$/.test(key)) out += `[${JSON.stringify(key)}]`
    else out += out === '' ? String(key) : `.${String(key)}`
  }
  return out === '' ? '(root)' : out
}

/** Every issue of a Zod error as a field path and message. */
export function fieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.flatMap((issue) =>
    // Zod reports unknown keys once, at the object; each key is its own mistake, so name each.
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: formatPath([...issue.path, key]), message: `unknown field ${JSON.stringify(key)}` }))
      : [{ path: formatPath(issue.path), message: issue.message }],
  )
}

/**
 * Turns a Zod error into a VALIDATION_ERROR whose message names every bad field
 * and whose `details.issues` lists them; `subject` says what was validated
 * (a capability id, a plugin's options, a manifest file).
 */
export function validationError(subject: string, error: z.ZodError, details: Record<string, unknown> = {}): CapstanError {
  return schemaError('VALIDATION_ERROR', `Invalid input for ${subject}`, subject, error, details)
}

/** The error for data that failed its schema, with the bad fields listed in message and details. */
export function schemaError(code: ErrorCode, lead: string, subject: string, error: z.ZodError, details: Record<string, unknown>): CapstanError {
  const issues = fieldIssues(error)
  const listed = issues.map((i) => `${i.path}: ${i.message}`).join('; ')
  return new CapstanError(code, {
    message: `${lead}: ${listed}`,
    details: { ...details, subject, field: issues[0]?.path, issues },
    cause: error,
  })
}
