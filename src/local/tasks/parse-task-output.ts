/**
 * A task's value from its stdout, by Bolt's rule: output that parses as a
 * JSON object is the value; anything else (text, a JSON array or number,
 * nothing) is `{ _output: stdout }`. Output that was cut at the capture limit
 * is never parsed: half a JSON object is not the task's answer.
 */
export function parseTaskOutput(stdout: string, truncated = false): Record<string, unknown> {
  if (!truncated) {
    try {
      const value: unknown = JSON.parse(stdout)
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>
    } catch {
      // Not JSON: plain text output, below.
    }
  }
  return { _output: stdout }
}
