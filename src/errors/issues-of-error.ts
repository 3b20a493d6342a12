import { formatPath, type FieldIssue } from './validation-error.js'

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * The field issues an error carries: a VALIDATION_ERROR's `details.issues`
 * (string paths), or a bare ZodError's `issues` (array paths, formatted).
 * Duck-typed, so an error from another copy of the core, or of zod, works
 * too. Undefined when there are none.
 */
export function issuesOfError(error: unknown): FieldIssue[] | undefined {
  if (!isRecord(error)) return undefined
  const fromDetails = isRecord(error['details']) ? error['details']['issues'] : undefined
  const raw = Array.isArray(fromDetails) ? fromDetails : Array.isArray(error['issues']) ? error['issues'] : undefined
  if (raw === undefined) return undefined
  const issues: FieldIssue[] = []
  for (const issue of raw) {
    if (!isRecord(issue) || typeof issue['message'] !== 'string') continue
    const path = issue['path']
    if (typeof path === 'string') issues.push({ path, message: issue['message'] })
    else if (Array.isArray(path)) issues.push({ path: formatPath(path.filter((key): key is PropertyKey => typeof key === 'string' || typeof key === 'number')), message: issue['message'] })
  }
  return issues.length === 0 ? undefined : issues
}
