// Whether a service of test/infra answers where test/infra/.env (or the
// environment) says it is: a TCP connect or an HTTP request, with a short
// timeout, once per address for the life of this module, which is once per
// test file under vitest's default pool (each file runs in a fresh process).
import { answers, tcpAnswers } from './infra-env.js'

/** Where a service listens: a TCP port, or an HTTP URL that answers 2xx when it is up. */
export type ServiceAddress = { host: string; port: number } | { url: string }

/** How long a probe waits: a local service answers at once and a refused port fails at once; this is for a loaded machine. */
export const PROBE_TIMEOUT_MS = 3000

const probes = new Map<string, Promise<boolean>>()

/** `host:port`, or the URL. */
export function addressText(address: ServiceAddress): string {
  return 'url' in address ? address.url : `${address.host.includes(':') ? `[${address.host}]` : address.host}:${address.port}`
}

/** True when something answers at `address`; asked once per address, later calls get the first answer. */
export function serviceAnswers(address: ServiceAddress): Promise<boolean> {
  const key = addressText(address)
  let probe = probes.get(key)
  if (probe === undefined) {
    probe = 'url' in address ? answers(address.url, PROBE_TIMEOUT_MS) : tcpAnswers(address.host, address.port, PROBE_TIMEOUT_MS)
    probes.set(key, probe)
  }
  return probe
}
