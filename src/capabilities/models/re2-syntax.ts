import type { z } from 'zod'
import { compileLinearRegex } from '../../patterns/linear-regex.js'
import { inputLimits } from './input-limits.js'

/**
 * A zod refinement for a caller's regular expression: it must be RE2 syntax
 * (no backreferences, no lookaround) and compile to at most
 * `inputLimits.regexInstructions` instructions, so that matching it is
 * linear in the text. The issue says what is unsupported and is an
 * `invalid_format` one, so a union reports it against the field. A string
 * over the length bound is left to that bound's own issue, uncompiled.
 */
export function requireRe2Syntax(source: string, ctx: z.RefinementCtx<string>): void {
  if (source.length === 0 || source.length > inputLimits.valueLength) return
  const { problem } = compileLinearRegex(source)
  if (problem !== undefined) ctx.addIssue({ code: 'invalid_format', format: 'regex', message: problem, input: source })
}
