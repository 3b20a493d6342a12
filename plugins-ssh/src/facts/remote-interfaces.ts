import type { NetworkInterfaceInfo } from 'node:os'
import { formatIpv6Groups } from 'capstan/plugin-kit'
import { ipv4Netmask, ipv6Netmask } from './prefix-netmask.js'

/** The interface sections of the remote facts script's output, each optional. */
export interface InterfaceSections {
  /** `ip -o addr show`. */
  ipAddr?: string | undefined
  /** `ip -o link show`. */
  ipLink?: string | undefined
  /** `<name> <mac> <flags>` lines from /sys/class/net. */
  sysNet?: string | undefined
  /** /proc/net/if_inet6, read when `ip` could not list addresses. */
  ifInet6?: string | undefined
  /** `ifconfig -a` (net-tools or busybox), read when `ip` could not list addresses. */
  ifconfig?: string | undefined
}

interface Link {
  mac?: string
  loopback?: boolean
}

const NO_MAC = '00:00:00:00:00:00'
/** IFF_LOOPBACK in /sys/class/net/<name>/flags. */
const IFF_LOOPBACK = 0x8
const MAC = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/

/**
 * The node's addresses as `os.networkInterfaces()` would list them there:
 * interface (IPv4 label) → `{ address, netmask, family, mac, internal, cidr }`
 * (plus `scopeid` for IPv6), from `ip -o addr`, else /proc/net/if_inet6 and
 * `ifconfig`. MACs and loopback flags come from `ip -o link`, else sysfs.
 */
export function remoteInterfaces(sections: InterfaceSections): NodeJS.Dict<NetworkInterfaceInfo[]> {
  const links = new Map<string, Link>()
  const merge = (name: string, link: Link): void => {
    const known = links.get(name) ?? {}
    links.set(name, { ...link, ...known })
  }
  for (const line of lines(sections.ipLink)) readIpLinkLine(line, merge)
  // busybox `ip -o addr` prints the link line of each interface too.
  for (const line of lines(sections.ipAddr)) readIpLinkLine(line, merge)
  for (const line of lines(sections.sysNet)) {
    const [name, mac, flags] = line.trim().split(/\s+/)
    if (!name) continue
    merge(name, { ...(mac && MAC.test(mac) ? { mac } : {}), ...(flags ? { loopback: (parseInt(flags, 16) & IFF_LOOPBACK) !== 0 } : {}) })
  }

  const addresses: Array<{ name: string; device: string; family: 'IPv4' | 'IPv6'; address: string; prefix: number; scopeid: number }> = []
  if (sections.ipAddr !== undefined) {
    for (const line of lines(sections.ipAddr)) {
      const parsed = readIpAddrLine(line)
      if (parsed) addresses.push(parsed)
    }
  } else {
    for (const line of lines(sections.ifInet6)) {
      const parsed = readIfInet6Line(line)
      if (parsed) addresses.push(parsed)
    }
    const ipv4 = readIfconfig(sections.ifconfig ?? '', merge)
    // getifaddrs lists IPv4 before IPv6; keep that order.
    addresses.unshift(...ipv4)
  }

  const out: NodeJS.Dict<NetworkInterfaceInfo[]> = {}
  for (const entry of addresses) {
    const link = links.get(entry.device) ?? links.get(entry.name) ?? {}
    const internal = link.loopback ?? (entry.device === 'lo' || entry.address === '::1' || entry.address.startsWith('127.'))
    const base = { address: entry.address, mac: link.mac ?? NO_MAC, internal, cidr: `${entry.address}/${entry.prefix}` }
    const info: NetworkInterfaceInfo =
      entry.family === 'IPv4'
        ? { ...base, family: 'IPv4', netmask: ipv4Netmask(entry.prefix) }
        : { ...base, family: 'IPv6', netmask: ipv6Netmask(entry.prefix), scopeid: entry.scopeid }
    ;(out[entry.name] ??= []).push(info)
  }
  return out
}

function lines(text: string | undefined): string[] {
  return text === undefined ? [] : text.split('\n').filter((line) => line.trim() !== '')
}

/** `2: eth0@if5: <BROADCAST,MULTICAST,UP> mtu 1500 ... link/ether 02:42:ac:11:00:02 brd ...`. */
function readIpLinkLine(line: string, merge: (name: string, link: Link) => void): void {
  const head = /^\d+:\s+([^\s:@]+)(?:@\S+)?:\s+<([^>]*)>/.exec(line)
  if (!head?.[1]) return
  const mac = /\blink\/\S+\s+([0-9a-f]{2}(?::[0-9a-f]{2}){5})\b/.exec(line)?.[1]
  merge(head[1], { ...(mac ? { mac } : {}), loopback: (head[2] ?? '').split(',').includes('LOOPBACK') })
}

/** `4: eth0    inet 192.0.2.2/24 brd 192.0.2.255 scope global eth0\       valid_lft ...`. */
function readIpAddrLine(line: string) {
  const tokens = (line.split('\\')[0] ?? '').trim().split(/\s+/)
  const [index, rawDevice, family, rawAddress] = tokens
  if (!index || !/^\d+:$/.test(index) || !rawDevice || !rawAddress || (family !== 'inet' && family !== 'inet6')) return undefined
  const device = rawDevice.replace(/@.*$/, '').replace(/:$/, '')
  // Point-to-point links carry the prefix on the peer: `inet 10.0.0.1 peer 10.0.0.2/32`.
  const peer = tokens[4] === 'peer' ? tokens[5] : undefined
  const [address = '', ownPrefix] = rawAddress.split('/')
  const prefix = Number(ownPrefix ?? peer?.split('/')[1] ?? (family === 'inet' ? 32 : 128))
  if (address === '' || !Number.isInteger(prefix)) return undefined
  // An IPv4 address may have a label (`eth0:1`), which is the name getifaddrs, and so Node, files it under.
  const last = tokens.at(-1) ?? ''
  const name = family === 'inet' && tokens.length > 4 && (last === device || last.startsWith(`${device}:`)) ? last : device
  const scopeid = family === 'inet6' && tokens.includes('link') ? Number(index.slice(0, -1)) : 0
  return { name, device, family: family === 'inet' ? ('IPv4' as const) : ('IPv6' as const), address, prefix, scopeid }
}

/** `fe800000000000000000000000000001 02 40 20 80 eth0`: address, ifindex, prefix, scope, flags, name (all hex). */
function readIfInet6Line(line: string) {
  const [hex, index, prefix, scope, , name] = line.trim().split(/\s+/)
  if (!hex || !/^[0-9a-f]{32}$/i.test(hex) || !name || !prefix) return undefined
  const groups = Array.from({ length: 8 }, (_, i) => parseInt(hex.slice(i * 4, i * 4 + 4), 16))
  // Scope 0x20 is link-local: Node gives its interface index as the scope id.
  const scopeid = parseInt(scope ?? '0', 16) === 0x20 ? parseInt(index ?? '0', 16) : 0
  return { name, device: name, family: 'IPv6' as const, address: formatIpv6Groups(groups), prefix: parseInt(prefix, 16), scopeid }
}

/**
 * IPv4 addresses, MACs and loopback flags from `ifconfig -a`, in either
 * format: busybox / old net-tools (`Link encap:Ethernet  HWaddr ...`,
 * `inet addr:... Mask:...`) or net-tools 2 (`flags=...<LOOPBACK>`, `ether ...`,
 * `inet ... netmask ...`).
 */
function readIfconfig(text: string, merge: (name: string, link: Link) => void) {
  const out: Array<{ name: string; device: string; family: 'IPv4'; address: string; prefix: number; scopeid: number }> = []
  let name: string | undefined
  for (const line of text.split('\n')) {
    if (/^\S/.test(line)) {
      name = line.split(/\s+/)[0]?.replace(/:$/, '')
      if (!name) continue
      const device = name.split(':')[0] ?? name
      const mac = /\bHWaddr\s+([0-9A-Fa-f:]{17})\b/.exec(line)?.[1]?.toLowerCase()
      merge(device, { ...(mac ? { mac } : {}), ...(/Local Loopback|[<,]LOOPBACK[,>]/.test(line) ? { loopback: true } : {}) })
      continue
    }
    if (name === undefined) continue
    const device = name.split(':')[0] ?? name
    const ether = /^\s+ether\s+([0-9a-f:]{17})\b/.exec(line)?.[1]
    if (ether) merge(device, { mac: ether })
    const inet = /^\s+inet\s+(?:addr:)?(\d+\.\d+\.\d+\.\d+)\b.*?\b(?:Mask:|netmask\s+)(\d+\.\d+\.\d+\.\d+)/.exec(line)
    if (inet?.[1] && inet[2]) out.push({ name, device, family: 'IPv4', address: inet[1], prefix: prefixOf(inet[2]), scopeid: 0 })
  }
  return out
}

/** `255.255.255.0` → 24. */
function prefixOf(netmask: string): number {
  return netmask.split('.').reduce((bits, octet) => bits + (Number(octet).toString(2).match(/1/g)?.length ?? 0), 0)
}
