import { type FieldIssue } from 'capstan'
import { formatPath } from 'capstan/plugin-kit'

// Bolt's lines about one parameter, after the "Task <name>:" line of its message:
//   expects a value for parameter 'name'
//   parameter 'times' expects a value of type Undef or Integer, got String
//   has no parameter named 'bogus'
const PARAMETER_LINE = /(?:parameter named|for parameter|^parameter) '([^']+)'/

/**
 * The parameters Bolt's message complains about, as field issues of the
 * capability input (`params.<name>`), one per line of the message that names
 * a parameter. Empty when the message names none, which means the error is
 * not about the caller's parameters.
 *
 * @example
 * ```ts
 * parameterIssues("Task demo::greet:\n expects a value for parameter 'name'")
 * // [{ path: 'params.name', message: "expects a value for parameter 'name'" }]
 * ```
 */
export function parameterIssues(message: string): FieldIssue[] {
  const issues: FieldIssue[] = []
  for (const raw of message.split('\n')) {
    const line = raw.trim()
    const name = PARAMETER_LINE.exec(line)?.[1]
    if (name !== undefined) issues.push({ path: formatPath(['params', name]), message: line })
  }
  return issues
}
