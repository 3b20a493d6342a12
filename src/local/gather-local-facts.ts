import os from 'node:os'
import type { NodeFacts } from '../capabilities/models/facts.js'
import { defaultRouteInterface } from './default-route-interface.js'
import { networkingFacts } from './networking-facts.js'
import { osFacts } from './os-facts.js'
import { parseOsRelease } from './parse-os-release.js'
import { readOptionalFile } from './read-optional-file.js'
import { resolveFqdn } from './resolve-fqdn.js'
import { systemMemoryFacts } from './system-memory-facts.js'

/** Options of {@link gatherLocalFacts}; the paths exist so tests can use temp files. */
export interface GatherLocalFactsOptions {
  /** os-release file; defaults to `/etc/os-release`, then `/usr/lib/os-release` (os-release(5)). */
  osReleasePath?: string | undefined
  /** Clock for `gatheredAt`. */
  now?: (() => Date) | undefined
  /** Node id the facts are for; defaults to `localhost`. */
  node?: string | undefined
  /** Defaults to `/etc/hosts` (for the FQDN). */
  hostsPath?: string | undefined
  /** Defaults to `/etc/resolv.conf` (for the domain). */
  resolvConfPath?: string | undefined
  /** Defaults to `/proc/net/route` (for the primary interface). */
  routeTablePath?: string | undefined
  /** Defaults to `/etc/debian_version` (for Debian's point release). */
  debianVersionPath?: string | undefined
}

async function readOsRelease(path: string | undefined): Promise<string | undefined> {
  if (path !== undefined) return readOptionalFile(path)
  return (await readOptionalFile('/etc/os-release')) ?? (await readOptionalFile('/usr/lib/os-release'))
}

/**
 * Facts about this machine, shaped like those of Facter (Bolt's `facts` task)
 * so code written against Puppet facts (`os.family`, `networking.ip`,
 * `memory.system.available_bytes`) works on `localhost` unchanged. Read from
 * `node:os` and a few system files, without running any command; a missing
 * file costs only the facts that came from it.
 *
 * @example
 * ```ts
 * const { facts } = await gatherLocalFacts()
 * facts.os // { name: 'Debian', family: 'Debian', release: { full: '12.11', major: '12', minor: '11' }, ... }
 * ```
 */
export async function gatherLocalFacts(options: GatherLocalFactsOptions = {}): Promise<NodeFacts> {
  const gatheredAt = (options.now ?? (() => new Date()))().toISOString()
  const [osReleaseText, routeTable, debianVersion] = await Promise.all([
    readOsRelease(options.osReleasePath),
    readOptionalFile(options.routeTablePath ?? '/proc/net/route'),
    readOptionalFile(options.debianVersionPath ?? '/etc/debian_version'),
  ])
  // Facter's `hostname` is the short name, whatever the system hostname holds.
  const systemHostname = os.hostname()
  const hostname = systemHostname.split('.')[0] || systemHostname
  const { fqdn, domain } = await resolveFqdn(systemHostname, { hostsPath: options.hostsPath, resolvConfPath: options.resolvConfPath })

  const kernelrelease = os.release()
  const kernelversion = /^\d+(\.\d+)*/.exec(kernelrelease)?.[0] ?? kernelrelease
  const cpus = os.cpus()
  const speedMhz = cpus[0]?.speed ?? 0
  const total = os.totalmem()
  const available = os.freemem()

  const facts: Record<string, unknown> = {
    os: osFacts({ osRelease: osReleaseText === undefined ? undefined : parseOsRelease(osReleaseText), type: os.type(), kernelRelease: kernelrelease, machine: os.machine(), debianVersion }),
    kernel: os.type() === 'Windows_NT' ? 'windows' : os.type(),
    kernelrelease,
    kernelversion,
    kernelmajversion: kernelversion.split('.').slice(0, 2).join('.'),
    hostname,
    fqdn,
    ...(domain ? { domain } : {}),
    processors: {
      count: cpus.length,
      models: cpus.map((cpu) => cpu.model),
      // Facter reports `uname -p`, which Node cannot read; the machine type
      // is what it says on most systems (Debian prints "unknown").
      isa: os.machine(),
      ...(speedMhz > 0 ? { speed: speedMhz >= 1000 ? `${(speedMhz / 1000).toFixed(2)} GHz` : `${speedMhz.toFixed(2)} MHz` } : {}),
    },
    memory: { system: systemMemoryFacts(total, available) },
    networking: networkingFacts(os.networkInterfaces(), { hostname, fqdn, domain }, routeTable === undefined ? undefined : defaultRouteInterface(routeTable)),
    uptime_seconds: Math.floor(os.uptime()),
  }
  return { node: options.node ?? 'localhost', source: 'local', gatheredAt, facts }
}
