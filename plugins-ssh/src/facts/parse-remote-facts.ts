import { type Facts } from 'capstan'
import { defaultRouteInterface, networkingFacts, osFacts, parseOsRelease, systemMemoryFacts } from 'capstan/plugin-kit'
import { remoteInterfaces } from './remote-interfaces.js'
import { splitFactsSections } from './split-facts-sections.js'

/** Whose facts {@link parseRemoteFacts} is reading, and when they were read. */
export interface ParseRemoteFactsOptions {
  /** The node's id. */
  node: string
  /** The plugin providing the facts, as `Facts.source`. */
  source: string
  /** ISO 8601 time the facts were gathered. */
  gatheredAt: string
}

/**
 * Facter-shaped facts from the output of {@link REMOTE_FACTS_SCRIPT}, shaped
 * like those of the core's `gatherLocalFacts` (`os`, `kernel*`, `hostname`,
 * `fqdn`, `domain`, `processors`, `memory.system`, `networking`,
 * `uptime_seconds`) and built by the same functions. A missing section costs
 * only the facts that came from it.
 *
 * @example
 * ```ts
 * const { facts } = parseRemoteFacts(stdout, { node: 'web01', source: 'ssh', gatheredAt: new Date().toISOString() })
 * facts.os // { name: 'Debian', family: 'Debian', release: { full: '12.11', major: '12', minor: '11' }, ... }
 * ```
 */
export function parseRemoteFacts(output: string, options: ParseRemoteFactsOptions): Facts {
  const sections = splitFactsSections(output)
  const [kernel, kernelrelease, machine] = unameFields(sections.get('uname'))
  const facts: Record<string, unknown> = {}

  const osReleaseText = sections.get('os-release')
  const osRelease = osReleaseText === undefined ? undefined : parseOsRelease(osReleaseText)
  if (osRelease?.['ID'] || (kernel && kernelrelease)) {
    const os = osFacts({ osRelease, type: kernel ?? '', kernelRelease: kernelrelease ?? '', machine: machine ?? '', debianVersion: sections.get('debian-version') })
    if (!machine) {
      delete os['architecture']
      delete os['hardware']
    }
    facts['os'] = os
  }
  if (kernel) facts['kernel'] = kernel
  if (kernelrelease) {
    const kernelversion = /^\d+(\.\d+)*/.exec(kernelrelease)?.[0] ?? kernelrelease
    Object.assign(facts, { kernelrelease, kernelversion, kernelmajversion: kernelversion.split('.').slice(0, 2).join('.') })
  }

  const names = hostNames(sections)
  if (names) Object.assign(facts, names)

  const processors = processorFacts(sections.get('cpuinfo'), sections.get('nproc'), machine)
  if (processors) facts['processors'] = processors
  const memory = memoryFacts(sections.get('meminfo'))
  if (memory) facts['memory'] = { system: memory }

  const interfaces = remoteInterfaces({
    ipAddr: sections.get('ip-addr'),
    ipLink: sections.get('ip-link'),
    sysNet: sections.get('sys-net'),
    ifInet6: sections.get('if-inet6'),
    ifconfig: sections.get('ifconfig'),
  })
  const route = sections.get('route')
  if (Object.keys(interfaces).length > 0 || names) {
    const networking = networkingFacts(interfaces, names ?? { hostname: '', fqdn: '' }, route === undefined ? undefined : defaultRouteInterface(route))
    if (!names) {
      delete networking['hostname']
      delete networking['fqdn']
    }
    facts['networking'] = networking
  }

  const uptime = Number(sections.get('uptime')?.trim().split(/\s+/)[0])
  if (sections.has('uptime') && Number.isFinite(uptime)) facts['uptime_seconds'] = Math.floor(uptime)

  return { node: options.node, source: options.source, gatheredAt: options.gatheredAt, facts }
}

/** `uname -s -r -m`: `Linux 6.1.0-18-amd64 x86_64`. */
function unameFields(text: string | undefined): [string | undefined, string | undefined, string | undefined] {
  const fields = text?.trim().split(/\s+/) ?? []
  if (fields.length < 3) return [fields[0] || undefined, fields[1], undefined]
  return [fields[0], fields.slice(1, -1).join(' '), fields.at(-1)]
}

/**
 * Facter's short `hostname`, `fqdn` and `domain`: a dotted hostname is
 * already qualified; else `hostname -f` when it extends the short name; else
 * the domain of resolv.conf's last `domain`/`search` line; else the name alone.
 */
function hostNames(sections: Map<string, string>): { hostname: string; fqdn: string; domain?: string } | undefined {
  const system = (sections.get('hostname') ?? sections.get('nodename'))?.trim()
  if (!system) return undefined
  const hostname = system.split('.')[0] || system
  const qualified = (fqdn: string) => ({ hostname, fqdn, domain: fqdn.slice(hostname.length + 1) })
  if (system.includes('.') && system.startsWith(`${hostname}.`)) return qualified(system)
  const fromResolver = sections.get('hostname-f')?.trim().replace(/\.$/, '')
  if (fromResolver && fromResolver.toLowerCase().startsWith(`${hostname.toLowerCase()}.`) && fromResolver.length > hostname.length + 1) {
    return qualified(fromResolver)
  }
  let domain: string | undefined
  for (const line of (sections.get('resolv-domain') ?? '').split('\n')) {
    const [keyword, first] = (line.split(/[#;]/)[0] ?? '').trim().split(/\s+/)
    if ((keyword === 'domain' || keyword === 'search') && first) domain = first.replace(/\.$/, '')
  }
  return domain ? { hostname, fqdn: `${hostname}.${domain}`, domain } : { hostname, fqdn: hostname }
}

/** `processors` from the filtered /proc/cpuinfo, `nproc` when cpuinfo is missing. */
function processorFacts(cpuinfo: string | undefined, nproc: string | undefined, machine: string | undefined): Record<string, unknown> | undefined {
  const values = (key: string) =>
    (cpuinfo ?? '').split('\n').flatMap((line) => {
      const colon = line.indexOf(':')
      return colon > 0 && line.slice(0, colon).trim() === key ? [line.slice(colon + 1).trim()] : []
    })
  const listed = values('processor').length
  const count = listed > 0 ? listed : Number(nproc?.trim())
  if (!Number.isInteger(count) || count <= 0) return undefined
  const models = [values('model name'), values('Processor'), values('cpu model'), values('cpu')].find((found) => found.length > 0) ?? []
  const speedMhz = Math.floor(Number(values('cpu MHz')[0] ?? 0)) || 0
  return {
    count,
    models,
    ...(machine ? { isa: machine } : {}),
    ...(speedMhz > 0 ? { speed: speedMhz >= 1000 ? `${(speedMhz / 1000).toFixed(2)} GHz` : `${speedMhz.toFixed(2)} MHz` } : {}),
  }
}

/** `memory.system` from /proc/meminfo; available is MemAvailable (MemFree before Linux 3.14). */
function memoryFacts(meminfo: string | undefined): Record<string, unknown> | undefined {
  const kib = (key: string): number | undefined => {
    const match = new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(meminfo ?? '')
    return match?.[1] === undefined ? undefined : Number(match[1]) * 1024
  }
  const total = kib('MemTotal')
  if (total === undefined) return undefined
  return systemMemoryFacts(total, kib('MemAvailable') ?? kib('MemFree') ?? 0)
}
