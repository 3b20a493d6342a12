import type { NetworkInterfaceInfo } from 'node:os'
import { describe, expect, it } from 'vitest'
import { networkingFacts } from '../../src/local/networking-facts.js'

// What os.networkInterfaces() returned on the machine the Bolt samples come from.
const interfaces: Record<string, NetworkInterfaceInfo[]> = {
  lo: [
    { address: '127.0.0.1', netmask: '255.0.0.0', family: 'IPv4', mac: '00:00:00:00:00:00', internal: true, cidr: '127.0.0.1/8' },
    { address: '::1', netmask: 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', family: 'IPv6', mac: '00:00:00:00:00:00', internal: true, cidr: '::1/128', scopeid: 0 },
  ],
  eth0: [
    { address: '192.0.2.2', netmask: '255.255.255.0', family: 'IPv4', mac: '02:fc:00:00:00:01', internal: false, cidr: '192.0.2.2/24' },
    { address: 'fe80::fc:ff:fe00:1', netmask: 'ffff:ffff:ffff:ffff::', family: 'IPv6', mac: '02:fc:00:00:00:01', internal: false, cidr: 'fe80::fc:ff:fe00:1/64', scopeid: 4 },
    { address: 'fd00::2', netmask: 'ffff:ffff:ffff:ffff::', family: 'IPv6', mac: '02:fc:00:00:00:01', internal: false, cidr: 'fd00::2/64', scopeid: 0 },
  ],
}

describe('networkingFacts', () => {
  const facts = networkingFacts(interfaces, { hostname: 'vm', fqdn: 'vm' }, 'eth0')

  it('describes each interface like Facter, preferring a non link-local IPv6 address', () => {
    expect(facts['interfaces']).toMatchObject({
      eth0: {
        mac: '02:fc:00:00:00:01',
        bindings: [{ address: '192.0.2.2', netmask: '255.255.255.0', network: '192.0.2.0' }],
        ip: '192.0.2.2',
        network: '192.0.2.0',
        ip6: 'fd00::2',
        network6: 'fd00::',
        scope6: 'global',
      },
      lo: { ip: '127.0.0.1', ip6: '::1', scope6: 'host' },
    })
    expect((facts['interfaces'] as Record<string, Record<string, unknown>>)['lo']?.['mac']).toBeUndefined()
  })

  it("puts the primary interface's addresses and the host names at the top, as Facter's sample has them", () => {
    expect(facts).toMatchObject({
      hostname: 'vm',
      fqdn: 'vm',
      primary: 'eth0',
      ip: '192.0.2.2',
      ip6: 'fd00::2',
      mac: '02:fc:00:00:00:01',
      netmask: '255.255.255.0',
      netmask6: 'ffff:ffff:ffff:ffff::',
      network: '192.0.2.0',
      network6: 'fd00::',
      scope6: 'global',
    })
    expect(facts['bindings']).toBeUndefined()
    expect(facts['domain']).toBeUndefined()
  })

  it('picks the first external interface with IPv4 when there is no default route', () => {
    const withDocker = { ...interfaces, docker0: [{ ...interfaces['eth0']![0]!, address: '172.17.0.1' }] }
    expect(networkingFacts(withDocker, { hostname: 'h', fqdn: 'h.example', domain: 'example' })).toMatchObject({ primary: 'eth0', domain: 'example' })
    expect(networkingFacts({ lo: interfaces['lo']! }, { hostname: 'h', fqdn: 'h' })['primary']).toBeUndefined()
  })
})
