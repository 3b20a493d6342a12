import { z } from 'zod'
import { inputLimits } from './input-limits.js'

/** No NUL: no argv entry, environment value or C string can hold one. */
// eslint-disable-next-line no-control-regex
const WITHOUT_NUL = /^[^\u0000]*$/

/**
 * Free text a caller passes on to a process or a backend: a command, a
 * script argument, an environment value, a comment. Newlines, tabs and any
 * other character are kept as they are, except NUL, which no process can
 * receive: it is the caller's VALIDATION_ERROR here, before an execution
 * exists, not a node's failure after the call was accepted. At most
 * `inputLimits.textLength` characters (or `max`); `nonEmpty` refuses ''.
 */
export function freeText(description: string, options: { max?: number | undefined; nonEmpty?: boolean | undefined } = {}) {
  const { max = inputLimits.textLength, nonEmpty = false } = options
  return z
    .string()
    .min(nonEmpty ? 1 : 0, { error: 'must not be empty' })
    .max(max, { error: `must be at most ${max} characters` })
    // A pattern rather than a refinement, so JSON Schema (CLI, OpenAPI, MCP) carries it too.
    .regex(WITHOUT_NUL, { error: 'must not contain a NUL character (U+0000)' })
    .describe(description)
}
