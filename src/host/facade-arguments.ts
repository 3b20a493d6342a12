import { CapstanError } from '../errors/capstan-error.js'

/**
 * Refuses a facade call with more arguments than the method has parameters,
 * instead of ignoring the rest: `inventory.list({}, { signal }, extra)` is a
 * VALIDATION_ERROR naming `arguments[2]`, never a call without its signal.
 */
export function checkArity(method: string, args: ArrayLike<unknown>, params: readonly string[]): void {
  if (args.length <= params.length) return
  const field = `arguments[${params.length}]`
  throw new CapstanError('VALIDATION_ERROR', {
    message: `${method} takes (${params.join(', ')}), got ${args.length} arguments: ${field} is one too many`,
    details: { field, method, issues: [{ path: field, message: `${method} takes at most ${params.length} arguments` }] },
  })
}
