import type { z } from 'zod'

/** A Zod issue reduced to what an error message needs. */
export interface SpecificIssue {
  path: PropertyKey[]
  message: string
}

function isWrongTypeAtRoot(issues: z.core.$ZodIssue[]): boolean {
  return issues.length > 0 && issues.every((issue) => issue.code === 'invalid_type' && issue.path.length === 0)
}

/**
 * Looks through a failed union for the one branch the input was meant for.
 * A target entry is a string or a mapping; when a mapping has a bad `alias`,
 * Zod reports "no branch matched" at the entry, while the useful answer is the
 * alias error inside the mapping branch. When exactly one branch failed for a
 * reason other than the input's type, its issue is returned with the full
 * path; otherwise the union's own issue (and message) stands.
 */
export function mostSpecificIssue(issue: z.core.$ZodIssue): SpecificIssue {
  if (issue.code === 'invalid_union') {
    const meant = issue.errors.filter((branch) => !isWrongTypeAtRoot(branch))
    const inner = meant.length === 1 ? meant[0]?.[0] : undefined
    if (inner) {
      const found = mostSpecificIssue(inner)
      return { path: [...issue.path, ...found.path], message: found.message }
    }
  }
  return { path: [...issue.path], message: issue.message }
}
