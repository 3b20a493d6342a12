import { describe, expect, it } from 'vitest'
import { ipv6Scope, networkAddress } from '../../src/local/ip-network.js'

describe('networkAddress', () => {
  it.each([
    ['192.0.2.2', '255.255.255.0', '192.0.2.0'],
    ['127.0.0.1', '255.0.0.0', '127.0.0.0'],
    ['10.1.2.3', '255.255.255.255', '10.1.2.3'],
    ['172.16.200.9', '255.240.0.0', '172.16.0.0'],
    ['255.255.255.255', '255.255.255.128', '255.255.255.128'],
    ['fd00::2', 'ffff:ffff:ffff:ffff::', 'fd00::'],
    ['fe80::fc:ff:fe00:1', 'ffff:ffff:ffff:ffff::', 'fe80::'],
    ['::1', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', '::1'],
    ['2001:db8:0:0:1:0:0:1', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', '2001:db8::1:0:0:1'],
    ['2001:db8:aa:bb::1%eth0', 'ffff:ffff:ff00::', '2001:db8::'],
    ['::ffff:192.0.2.1', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ff00', '::ffff:c000:200'],
  ])('%s / %s is %s (as Facter prints it)', (address, netmask, network) => {
    expect(networkAddress(address, netmask)).toBe(network)
  })

  it('gives nothing for mixed or invalid input', () => {
    expect(networkAddress('192.0.2.1', 'ffff::')).toBeUndefined()
    expect(networkAddress('nope', '255.0.0.0')).toBeUndefined()
  })
})

describe('ipv6Scope', () => {
  it.each([
    ['::1', 'host'],
    ['fe80::1', 'link'],
    ['febf::1', 'link'],
    ['fec0::1', 'site'],
    ['fd00::2', 'global'],
    ['2001:db8::1', 'global'],
  ])('%s is %s', (address, scope) => {
    expect(ipv6Scope(address)).toBe(scope)
  })
})
