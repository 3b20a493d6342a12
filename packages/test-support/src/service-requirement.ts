// Requirements on the services test/infra/start-*.sh start: named by
// test/infra/.env (or the environment), and answering where it says.
import { infraEnvOrigin, type InfraEnvOrigin } from './infra-env.js'
import type { ServiceCheck } from './requirement.js'
import { addressText, type ServiceAddress } from './service-probe.js'

/**
 * Why a suite cannot use `what`, which does not answer at `address`: the env
 * file names a service that has stopped (it is stale), or the environment
 * names a wrong address; and how to start it (`start it: bash ...`).
 */
export function silentServiceReason(what: string, address: ServiceAddress, origin: InfraEnvOrigin | undefined, start: string): string {
  const where = addressText(address)
  return origin === 'the environment'
    ? `${what} does not answer at ${where}, the address the environment gives (${start})`
    : `${what} does not answer at ${where}: test/infra/.env is stale, the ${what} it records is not running (${start})`
}

/** The check that `what` answers at `address`, which the infra env's `key` gave. */
export function infraService(what: string, address: ServiceAddress, key: string, start: string): ServiceCheck {
  return { address, silent: silentServiceReason(what, address, infraEnvOrigin(key), start) }
}
