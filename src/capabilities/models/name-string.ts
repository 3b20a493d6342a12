import { z } from 'zod'
import { inputLimits } from './input-limits.js'

/** No C0 control character and no DEL: no name, path or id of a backend holds them. */
// eslint-disable-next-line no-control-regex
const WITHOUT_CONTROL_CHARACTERS = /^[^\u0000-\u001f\u007f]*$/

/**
 * A name in a capability's input: a node id, group, glob, plugin, task,
 * fact path or record id. Not empty, at most `inputLimits.nameLength`
 * characters (or `max`), and without control characters: `a\u0000b` is the caller's
 * mistake, found here, not a query that fails inside a backend (PuppetDB
 * answers it with HTTP 500).
 */
export function nameString(description?: string, max: number = inputLimits.nameLength) {
  const schema = z
    .string()
    .min(1, { error: 'must not be empty' })
    .max(max, { error: `must be at most ${max} characters` })
    // A pattern rather than a refinement, so JSON Schema (CLI, OpenAPI, MCP) carries it too.
    .regex(WITHOUT_CONTROL_CHARACTERS, { error: 'must not contain control characters (U+0000 to U+001F, U+007F)' })
  return description === undefined ? schema : schema.describe(description)
}
