import type { NetworkInterfaceInfo } from 'node:os'
import { ipv6Scope, networkAddress } from './ip-network.js'

/** The host's names, as they appear in `networking`. */
export interface HostNames {
  hostname: string
  fqdn: string
  domain?: string | undefined
}

/** Facter's per-interface facts: bindings, the preferred address of each family, the MAC. */
type InterfaceFacts = Record<string, unknown>

const NO_MAC = '00:00:00:00:00:00'

function interfaceFacts(infos: NetworkInterfaceInfo[]): InterfaceFacts {
  const v4 = infos.filter((info) => info.family === 'IPv4')
  const v6 = infos.filter((info) => info.family === 'IPv6')
  const bindings = v4.map((info) => ({ address: info.address, netmask: info.netmask, network: networkAddress(info.address, info.netmask) }))
  const bindings6 = v6.map((info) => ({
    address: info.address,
    netmask: info.netmask,
    network: networkAddress(info.address, info.netmask),
    scope6: ipv6Scope(info.address),
  }))
  // Facter names one address per family; a link-local IPv6 address is only
  // chosen when there is nothing better, since it is useless off the link.
  const main = bindings[0]
  const main6 = bindings6.find((binding) => binding.scope6 !== 'link') ?? bindings6[0]
  const mac = infos.find((info) => info.mac && info.mac !== NO_MAC)?.mac
  return {
    ...(mac ? { mac } : {}),
    ...(main ? { bindings, ip: main.address, netmask: main.netmask, network: main.network } : {}),
    ...(main6 ? { bindings6, ip6: main6.address, netmask6: main6.netmask, network6: main6.network, scope6: main6.scope6 } : {}),
  }
}

/** The interface facts name as primary: the default route's, else the first external one with IPv4. */
function choosePrimary(interfaces: Record<string, NetworkInterfaceInfo[]>, defaultRoute: string | undefined): string | undefined {
  if (defaultRoute !== undefined && interfaces[defaultRoute]) return defaultRoute
  const external = Object.entries(interfaces).filter(([, infos]) => infos.some((info) => !info.internal))
  return (external.find(([, infos]) => infos.some((info) => info.family === 'IPv4')) ?? external[0])?.[0]
}

/**
 * Facter-shaped `networking` facts from `os.networkInterfaces()`: every
 * interface with its `bindings`/`bindings6`, `ip`, `ip6`, `mac`, and at the top
 * the primary interface's addresses next to the host's names. `defaultRoute`
 * (the default route's interface) picks the primary one, as Facter does.
 *
 * Interfaces with no address (Node does not list them) and MTUs (Node does
 * not report them) are missing compared to Facter.
 */
export function networkingFacts(
  interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>,
  names: HostNames,
  defaultRoute?: string,
): Record<string, unknown> {
  const present: Record<string, NetworkInterfaceInfo[]> = {}
  for (const [name, infos] of Object.entries(interfaces)) if (infos && infos.length > 0) present[name] = infos
  const facts: Record<string, InterfaceFacts> = {}
  for (const [name, infos] of Object.entries(present)) facts[name] = interfaceFacts(infos)
  const primary = choosePrimary(present, defaultRoute)
  const { bindings: _bindings, bindings6: _bindings6, ...primaryFacts } = primary === undefined ? {} : (facts[primary] ?? {})
  return {
    hostname: names.hostname,
    fqdn: names.fqdn,
    ...(names.domain ? { domain: names.domain } : {}),
    ...(primary === undefined ? {} : { primary }),
    ...primaryFacts,
    interfaces: facts,
  }
}
