import { z } from 'zod'
import { unreadableInput } from '../errors/unreadable-input.js'
import { validationError } from '../errors/validation-error.js'

/** True for `{}` and objects with no own enumerable keys: nothing to check. */
function isEmpty(value: object): boolean {
  for (const key in value) if (Object.hasOwn(value, key)) return false
  return true
}

/**
 * Checks the options argument of an invocation against its strict schema and
 * returns it as given (signals and principals keep their identity). An
 * unknown key or a bad value is a VALIDATION_ERROR whose paths start with
 * `options.` (`options.rollout`). `undefined` and `{}` skip the schema: the
 * common call costs one loop over no keys.
 */
export function checkOptions<T extends object>(schema: z.ZodType<T>, options: unknown, subject: string): T {
  if (options === undefined) return {} as T
  let problem: Error
  try {
    if (typeof options === 'object' && options !== null && !Array.isArray(options) && isEmpty(options)) return options as T
    const parsed = schema.safeParse(options)
    if (parsed.success) return options as T
    // Inside the try: zod describes a bad value only when the error is read, and that reads the caller's value again.
    const issues = parsed.error.issues.map((issue) => ({ ...issue, path: ['options', ...issue.path] }))
    problem = validationError(subject, new z.ZodError(issues), { capability: subject })
  } catch (error) {
    throw unreadableInput(subject, { options }, error)
  }
  throw problem
}
