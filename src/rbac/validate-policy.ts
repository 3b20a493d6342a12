import { configError } from '../errors/config-error.js'
import { Policy } from './policy.js'

/**
 * Checks untyped input (a parsed YAML or JSON file, an option) against the
 * {@link Policy} schema.
 *
 * @throws CapstanError CONFIG_ERROR whose message names each bad field path
 * (`roles.ops.allow[2]`) and whose `details.issues` lists them.
 */
export function validatePolicy(input: unknown): Policy {
  const result = Policy.safeParse(input)
  if (!result.success) throw configError('RBAC policy', result.error)
  return result.data
}
