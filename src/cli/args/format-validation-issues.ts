import { issuesOfError } from '../../errors/issues-of-error.js'
import type { CliCommand } from './cli-command.js'
import { kebabCase } from './kebab-case.js'
import { rolloutFlags } from './rollout-flags.js'

/**
 * The lines a validation failure prints, one per bad field:
 * `--<flag> (<path>): <message>`, e.g. `--timeout-ms (timeoutMs): Too small: expected number to be >0`.
 * The path's first segment is mapped back to the flag that sets it (through
 * `command` when given, otherwise by kebab-casing it); an issue about the
 * whole input prints as `(root): <message>`. An invoke option's path
 * (`options.rollout.batch`) maps to the option flag that sets it.
 *
 * Accepts a CapstanError VALIDATION_ERROR (its `details.issues`) or a bare
 * ZodError (`issues` with array paths); duck-typed, so an error from another
 * copy of the core works too. Anything else gives no lines.
 */
export function formatValidationIssues(error: unknown, command?: CliCommand): string[] {
  const issues = isRecord(error) && (error['code'] === 'VALIDATION_ERROR' || !('code' in error)) ? issuesOfError(error) : undefined
  if (issues === undefined) {
    return isRecord(error) && error['code'] === 'VALIDATION_ERROR' && typeof error['message'] === 'string' ? [error['message']] : []
  }
  return issues.map(({ path, message }) => {
    // An invoke option an option flag sets: `options.rollout.batch` is --rollout-batch.
    const option = [...(command?.flags ?? []), ...rolloutFlags].find((f) => f.option === true && (path === `options.${f.property}` || path.startsWith(`options.${f.property}[`)))
    if (option !== undefined) return `--${option.name} (${path}): ${message}`
    const property = firstSegment(path)
    if (property === undefined) return `${path}: ${message}`
    const flag = command?.flags.find((f) => f.property === property)?.name ?? kebabCase(property)
    return `--${flag} (${path}): ${message}`
  })
}

/** The property a formatted path starts with: `targets[0]` → `targets`, `["a.b"].c` → `a.b`; undefined for `(root)`. */
function firstSegment(path: string): string | undefined {
  const plain = /^[A-Za-z_$][\w$-]*/.exec(path)
  if (plain !== null) return plain[0]
  const quoted = /^\[("(?:[^"\\]|\\.)*")\]/.exec(path)
  if (quoted?.[1] !== undefined) return JSON.parse(quoted[1]) as string
  return undefined
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
