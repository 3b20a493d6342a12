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
    else if (typeof key === 'string' && (key.length > 100 || !/^[A-Za-z_$][\w$-]*$/.test(key))) out += `[${echo(key)}]`
    else out += out === '' ? String(key) : `.${String(key)}`
  }
  return out === '' ? '(root)' : out
}

/** Most issues one error lists; the rest are counted in `details.issuesOmitted`. */
export const MAX_LISTED_ISSUES = 20

/** Every issue of a Zod error as a field path and message. */
export function fieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.flatMap((issue) => issuesOf(issue, []))
}

function issuesOf(issue: z.core.$ZodIssue, prefix: ReadonlyArray<PropertyKey>): FieldIssue[] {
  const path = [...prefix, ...issue.path]
  // Zod reports unknown keys once, at the object; each key is its own mistake, so name each.
  if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ path: formatPath([...path, key]), message: `unknown field ${echo(key)}` }))
  if (issue.code === 'invalid_union') {
    // The one alternative the input is shaped as says what is wrong ({ in: [...] } too long), not "expected one of".
    // Shaped as: every issue is about a value that is there but out of bounds or of the wrong kind, below the root,
    // or the root itself of the alternative's type but out of bounds (10,001 targets: a list, one too long); a
    // missing field, an unknown key or a custom check means the input was not meant as that alternative.
    const fitting = issue.errors.filter((branch) => branch.every((inner) => (inner.path.length > 0 && isWrongValue(inner)) || isOutOfBounds(inner)))
    if (fitting.length === 1) return fitting[0]!.flatMap((inner) => issuesOf(inner, path))
  }
  return [{ path: formatPath(path), message: issue.message }]
}

const WRONG_VALUE_CODES = new Set(['too_big', 'too_small', 'invalid_format', 'invalid_value', 'not_multiple_of'])

/** A value of the right type whose size is out of bounds: too long, too short, too many entries. */
function isOutOfBounds(issue: z.core.$ZodIssue): boolean {
  return issue.code === 'too_big' || issue.code === 'too_small'
}

function isWrongValue(issue: z.core.$ZodIssue): boolean {
  if (issue.code === 'invalid_type') return !/ received undefined$/.test(issue.message)
  return WRONG_VALUE_CODES.has(issue.code)
}

/** A value quoted for an error message, cut to 100 characters with the count of the rest. */
export function echo(value: string, max = 100): string {
  if (value.length <= max) return JSON.stringify(value)
  return `${JSON.stringify(value.slice(0, max))}… (${value.length - max} more characters)`
}

/**
 * Turns a Zod error into a VALIDATION_ERROR whose message names every bad field
 * and whose `details.issues` lists them; `subject` says what was validated
 * (a capability id, a plugin's options, a manifest file).
 */
export function validationError(subject: string, error: z.ZodError, details: Record<string, unknown> = {}): CapstanError {
  return schemaError('VALIDATION_ERROR', `Invalid input for ${subject}`, subject, error, details)
}

/** Whether a ZodError, values included, serialises (no throwing getter or trap in it) to at most 20,000 characters. */
function isSmall(error: z.ZodError): boolean {
  try {
    return JSON.stringify(error.issues).length <= 20_000
  } catch {
    return false
  }
}

/** The error for data that failed its schema, with the bad fields listed in message and details. */
export function schemaError(code: ErrorCode, lead: string, subject: string, error: z.ZodError, details: Record<string, unknown>): CapstanError {
  const all = fieldIssues(error)
  // The ZodError holds every issue uncut, with the caller's values (100,000 unknown keys, a key a megabyte long,
  // a Proxy whose traps throw): keep it only when it is small and can be written out at all.
  const cause = all.length > MAX_LISTED_ISSUES || !isSmall(error) ? undefined : error
  return issuesError(code, lead, all, { ...details, subject }, cause)
}

/**
 * The one builder of every error that lists bad fields, wherever the check
 * ran (a schema, a task's parameter metadata, a plugin's own check): at
 * most {@link MAX_LISTED_ISSUES} issues (the rest counted in
 * `details.issuesOmitted` and the message), each message cut to 300
 * characters, so an error stays small however bad the input.
 */
export function issuesError(code: ErrorCode, lead: string, all: readonly FieldIssue[], details: Record<string, unknown>, cause?: unknown): CapstanError {
  const issues = all.slice(0, MAX_LISTED_ISSUES).map((issue) => ({ path: issue.path, message: cut(issue.message, 300) }))
  const omitted = all.length - issues.length
  const listed = issues.map((i) => `${i.path}: ${i.message}`).join('; ') + (omitted > 0 ? `; and ${omitted} more` : '')
  return new CapstanError(code, {
    message: `${lead}: ${listed}`,
    details: { ...details, field: issues[0]?.path, issues, ...(omitted > 0 ? { issuesOmitted: omitted } : {}) },
    ...(cause === undefined ? {} : { cause }),
  })
}

/** `text` cut to `max` characters, with the count of the rest. */
function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length - max} more characters)`
}
