import type { FactCondition } from './target.js'

// Facter's core facts, as the local and SSH plugins build them and PuppetDB
// and Bolt return them. Every field is optional: a provider may not know it
// (the local plugin has no `virtual`, an old Facter no `networking`), and every
// level keeps an index signature, so facts outside this list stay readable,
// as `unknown`.

/** An OS release as Facter splits it: `{ full: '12.11', major: '12', minor: '11' }`. */
export interface WellKnownReleaseFacts {
  [field: string]: unknown
  /** The whole version (`12.11`, `22.04`). */
  full?: string | undefined
  /** `12`; Ubuntu's is the whole `22.04`. */
  major?: string | undefined
  /** `11`; missing when the release has no point part. */
  minor?: string | undefined
}

/** Facter's `os`. */
export interface WellKnownOsFacts {
  [field: string]: unknown
  /** `Debian`, `Ubuntu`, `RedHat`, `Darwin`, `windows`. */
  name?: string | undefined
  /** `Debian` (Debian, Ubuntu), `RedHat` (RHEL, Rocky, Fedora), `Suse`, `Darwin`, `windows`. */
  family?: string | undefined
  release?: WellKnownReleaseFacts | undefined
  /** The package architecture (`amd64` on Debian), else the machine's (`x86_64`). */
  architecture?: string | undefined
  /** The machine type (`x86_64`, `aarch64`). */
  hardware?: string | undefined
  /** From os-release: `id`, `codename`, `description` and `release`. */
  distro?: WellKnownDistroFacts | undefined
  /** Whether SELinux is enabled (Facter only). */
  selinux?: { [field: string]: unknown; enabled?: boolean | undefined } | undefined
}

/** Facter's `os.distro`. */
export interface WellKnownDistroFacts {
  [field: string]: unknown
  id?: string | undefined
  /** `bookworm`, `jammy`. */
  codename?: string | undefined
  /** `Debian GNU/Linux 12 (bookworm)`. */
  description?: string | undefined
  release?: WellKnownReleaseFacts | undefined
}

/** One address of an interface in Facter's `bindings` and `bindings6`. */
export interface WellKnownBindingFacts {
  [field: string]: unknown
  address?: string | undefined
  netmask?: string | undefined
  network?: string | undefined
  /** IPv6 only: `global`, `link`, `host`. */
  scope6?: string | undefined
}

/** An interface's preferred addresses, one per family, as Facter names them on each interface and, for the primary one, in `networking`. */
export interface WellKnownAddressFacts {
  [field: string]: unknown
  /** The IPv4 address. */
  ip?: string | undefined
  /** The IPv6 address (a link-local one only when there is no other). */
  ip6?: string | undefined
  mac?: string | undefined
  mtu?: number | undefined
  netmask?: string | undefined
  netmask6?: string | undefined
  network?: string | undefined
  network6?: string | undefined
  /** `global`, `link`, `host`. */
  scope6?: string | undefined
}

/** One interface in Facter's `networking.interfaces`: its preferred addresses and all of them. */
export interface WellKnownInterfaceFacts extends WellKnownAddressFacts {
  bindings?: WellKnownBindingFacts[] | undefined
  bindings6?: WellKnownBindingFacts[] | undefined
}

/** Facter's `networking`: the host's names, its primary interface's addresses, then every interface. */
export interface WellKnownNetworkingFacts extends WellKnownAddressFacts {
  /** The short host name (`web01`). */
  hostname?: string | undefined
  /** `web01.example.com`. */
  fqdn?: string | undefined
  domain?: string | undefined
  /** The primary interface's name (`eth0`): the default route's. */
  primary?: string | undefined
  /** Every interface by name. */
  interfaces?: Record<string, WellKnownInterfaceFacts> | undefined
}

/** Facter's `processors`. */
export interface WellKnownProcessorFacts {
  [field: string]: unknown
  /** Logical processors. */
  count?: number | undefined
  /** Physical packages (Facter only). */
  physicalcount?: number | undefined
  /** `x86_64`. */
  isa?: string | undefined
  /** `3.00 GHz`. */
  speed?: string | undefined
  /** Each logical processor's model name. */
  models?: string[] | undefined
}

/** One of Facter's `memory.system` and `memory.swap`: bytes, and the same as text (`64.00 GiB`). */
export interface WellKnownMemoryFacts {
  [field: string]: unknown
  total_bytes?: number | undefined
  available_bytes?: number | undefined
  used_bytes?: number | undefined
  total?: string | undefined
  available?: string | undefined
  used?: string | undefined
  /** The used share, `"21.09%"`. */
  capacity?: string | undefined
}

/**
 * Facter's `system_uptime`.
 */
export interface WellKnownUptimeFacts {
  [field: string]: unknown
  seconds?: number | undefined
  hours?: number | undefined
  days?: number | undefined
  /** `2 days`. */
  uptime?: string | undefined
}

/**
 * Typed well-known facts, for callers that opt in: the Facter core facts the
 * local and SSH plugins build and PuppetDB and Bolt return (Ansible's facts
 * are named differently, `ansible_os_family`, and are not described here).
 * Every field is optional and every level keeps an index signature, so any
 * other fact is still there, as `unknown`. Nothing checks it at run time:
 * it says what such facts look like, not that a provider sent them.
 *
 * The default stays {@link FactValues} (`Record<string, unknown>`); opt in
 * per call, or by annotating a result.
 *
 * @example
 * ```ts
 * import { createCapstan, localPlugin, type NodeFacts, type WellKnownFacts } from 'capstan'
 * const capstan = await createCapstan({ plugins: [localPlugin()] })
 * const { facts } = await capstan.facts.get<WellKnownFacts>('localhost')
 * const family: string | undefined = facts.os?.family
 * const bytes: number | undefined = facts.memory?.system?.total_bytes
 * const typed: NodeFacts<WellKnownFacts> = await capstan.invoke('info.facts', { node: 'localhost' })
 * await capstan.close()
 * ```
 */
export interface WellKnownFacts {
  [fact: string]: unknown
  os?: WellKnownOsFacts | undefined
  /** `Linux`, `Darwin`, `windows`. */
  kernel?: string | undefined
  /** `6.1.0-18-amd64`. */
  kernelrelease?: string | undefined
  /** `6.1.0`. */
  kernelversion?: string | undefined
  /** `6.1`. */
  kernelmajversion?: string | undefined
  /** The short host name (`web01`). */
  hostname?: string | undefined
  /** `web01.example.com`. */
  fqdn?: string | undefined
  domain?: string | undefined
  /** Facter's legacy top-level IPv4 address (PuppetDB and Bolt). */
  ipaddress?: string | undefined
  networking?: WellKnownNetworkingFacts | undefined
  processors?: WellKnownProcessorFacts | undefined
  memory?: { [field: string]: unknown; system?: WellKnownMemoryFacts | undefined; swap?: WellKnownMemoryFacts | undefined } | undefined
  uptime_seconds?: number | undefined
  system_uptime?: WellKnownUptimeFacts | undefined
  /** Whether the node is a virtual machine (Facter only). */
  is_virtual?: boolean | undefined
  /** `physical`, `kvm`, `docker` (Facter only). */
  virtual?: string | undefined
  timezone?: string | undefined
}

/**
 * The dotted path of every scalar field of {@link WellKnownFacts}
 * (`os.family`, `networking.ip`, `memory.system.total_bytes`): the fact paths
 * a condition can compare.
 */
export type WellKnownFactPath =
  | 'os.name'
  | 'os.family'
  | 'os.release.full'
  | 'os.release.major'
  | 'os.release.minor'
  | 'os.architecture'
  | 'os.hardware'
  | 'os.distro.id'
  | 'os.distro.codename'
  | 'os.distro.description'
  | 'os.distro.release.full'
  | 'os.distro.release.major'
  | 'os.distro.release.minor'
  | 'os.selinux.enabled'
  | 'kernel'
  | 'kernelrelease'
  | 'kernelversion'
  | 'kernelmajversion'
  | 'hostname'
  | 'fqdn'
  | 'domain'
  | 'ipaddress'
  | 'networking.hostname'
  | 'networking.fqdn'
  | 'networking.domain'
  | 'networking.primary'
  | 'networking.ip'
  | 'networking.ip6'
  | 'networking.mac'
  | 'networking.mtu'
  | 'networking.netmask'
  | 'networking.netmask6'
  | 'networking.network'
  | 'networking.network6'
  | 'networking.scope6'
  | 'processors.count'
  | 'processors.physicalcount'
  | 'processors.isa'
  | 'processors.speed'
  | 'memory.system.total_bytes'
  | 'memory.system.available_bytes'
  | 'memory.system.used_bytes'
  | 'memory.system.total'
  | 'memory.system.available'
  | 'memory.system.used'
  | 'memory.system.capacity'
  | 'memory.swap.total_bytes'
  | 'memory.swap.available_bytes'
  | 'memory.swap.used_bytes'
  | 'memory.swap.total'
  | 'memory.swap.available'
  | 'memory.swap.used'
  | 'memory.swap.capacity'
  | 'uptime_seconds'
  | 'system_uptime.seconds'
  | 'system_uptime.hours'
  | 'system_uptime.days'
  | 'system_uptime.uptime'
  | 'is_virtual'
  | 'virtual'
  | 'timezone'

/**
 * A dotted fact path: a {@link WellKnownFactPath}, which editors offer as you
 * type, or any other (`role`, `trusted.extensions.pp_role`).
 */
export type FactPath = WellKnownFactPath | (string & {})

/**
 * The fact conditions of a node filter, by dotted path. Editors offer the
 * {@link WellKnownFactPath}s as keys; any other path is accepted too.
 *
 * @example
 * ```ts
 * import type { FactConditions } from 'capstan'
 * const debianWithRole: FactConditions = { 'os.family': 'Debian', 'trusted.extensions.pp_role': { in: ['web', 'db'] } }
 * ```
 */
export type FactConditions = { [Path in WellKnownFactPath]?: FactCondition | undefined } & { [path: string]: FactCondition }
