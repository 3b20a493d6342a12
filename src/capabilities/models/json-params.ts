import { z } from 'zod'
import { boundedRecord } from './bounded-record.js'
import { inputLimits } from './input-limits.js'
import { nameString } from './name-string.js'

/**
 * Parameters passed on to a backend as JSON (task parameters, deployment
 * parameters, a provisioning spec): named values that must survive
 * `JSON.stringify` (no BigInt, no cycle, no `toJSON` that throws) and take
 * at most `inputLimits.jsonBytes` as JSON. A value that cannot be sent is
 * the caller's VALIDATION_ERROR naming the parameter, not a node's failure.
 */
export function jsonParams(description: string) {
  return boundedRecord(nameString(), z.unknown())
    .superRefine((params, ctx) => {
      let bytes = 2
      for (const [name, value] of Object.entries(params)) {
        const json = asJson(value)
        if (typeof json !== 'string') {
          ctx.addIssue({ code: 'custom', path: [name], message: `must be a JSON value (${json.reason})` })
          return
        }
        bytes += Buffer.byteLength(json) + Buffer.byteLength(name) + 4
        if (bytes > inputLimits.jsonBytes) {
          ctx.addIssue({ code: 'custom', message: `must take at most ${inputLimits.jsonBytes} bytes as JSON` })
          return
        }
      }
    })
    .describe(description)
}

/** `value` as JSON, or why it cannot be. */
function asJson(value: unknown): string | { reason: string } {
  try {
    const json = JSON.stringify(value)
    return json === undefined ? { reason: `${typeof value} has no JSON form` } : json
  } catch (error) {
    const message = error instanceof Error ? error.message : 'it cannot be serialised'
    return { reason: message.split('\n')[0]?.slice(0, 100) ?? 'it cannot be serialised' }
  }
}
