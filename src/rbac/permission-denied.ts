import { CapstanError } from '../errors/capstan-error.js'
import type { Principal } from '../capabilities/provider-context.js'

/**
 * The PERMISSION_DENIED error a caller sees. Its message and details name the
 * principal id and the capability and nothing else: which role or rule denied
 * the call would tell a caller how the policy is built, so that stays in the
 * host's logs (`PermissionDecision.reason`). This is the only place the
 * message is written.
 */
export function permissionDenied(principal: Principal | undefined, capability: string): CapstanError {
  const who = principal === undefined ? 'A caller without a principal' : `Principal ${JSON.stringify(principal.id)}`
  return new CapstanError('PERMISSION_DENIED', {
    message: `${who} may not call ${JSON.stringify(capability)}`,
    details: { principal: principal?.id, capability },
  })
}
