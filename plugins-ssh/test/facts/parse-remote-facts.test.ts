import { describe, expect, it } from 'vitest'
import { parseRemoteFacts } from '../../src/facts/parse-remote-facts.js'
import { ALPINE, DEBIAN, RHEL } from './samples.js'

const meta = { node: 'n1', source: 'ssh', gatheredAt: '2026-01-01T00:00:00.000Z' }
const parse = (text: string) => parseRemoteFacts(text, meta).facts
type Dict = Record<string, any>

describe('parseRemoteFacts on Debian with iproute2', () => {
  const facts = parse(DEBIAN) as Dict

  it('keeps node, source and time as given', () => {
    expect(parseRemoteFacts(DEBIAN, meta)).toMatchObject({ node: 'n1', source: 'ssh', gatheredAt: '2026-01-01T00:00:00.000Z' })
  })

  it('reads os from os-release, with the point release from debian_version', () => {
    expect(facts['os']).toEqual({
      name: 'Debian',
      family: 'Debian',
      release: { full: '12.5', major: '12', minor: '5' },
      architecture: 'amd64',
      hardware: 'x86_64',
      distro: { id: 'Debian', release: { full: '12.5', major: '12', minor: '5' }, codename: 'bookworm', description: 'Debian GNU/Linux 12 (bookworm)' },
    })
  })

  it('reads the kernel facts from uname', () => {
    expect(facts).toMatchObject({ kernel: 'Linux', kernelrelease: '6.1.0-18-amd64', kernelversion: '6.1.0', kernelmajversion: '6.1' })
  })

  it('takes the fqdn from hostname -f before resolv.conf', () => {
    expect(facts).toMatchObject({ hostname: 'web01', fqdn: 'web01.example.com', domain: 'example.com' })
  })

  it('counts processors from cpuinfo (not the affinity-limited nproc)', () => {
    expect(facts['processors']).toEqual({ count: 4, models: Array(4).fill('AMD EPYC 7571'), isa: 'x86_64', speed: '2.20 GHz' })
  })

  it('takes available memory from MemAvailable', () => {
    expect(facts['memory'].system).toEqual({
      total_bytes: 8048576 * 1024,
      available_bytes: 6037432 * 1024,
      used_bytes: (8048576 - 6037432) * 1024,
      total: '7.68 GiB',
      available: '5.76 GiB',
      used: '1.92 GiB',
      capacity: '24.99%',
    })
  })

  it('reads uptime in whole seconds', () => {
    expect(facts['uptime_seconds']).toBe(86400)
  })

  it('names the default route interface primary, not the first one listed', () => {
    const net = facts['networking']
    expect(net).toMatchObject({ hostname: 'web01', fqdn: 'web01.example.com', domain: 'example.com', primary: 'wlan0', ip: '192.168.1.23', netmask: '255.255.255.0', network: '192.168.1.0' })
    expect(net).toMatchObject({ mac: 'a8:aa:bb:cc:dd:01', ip6: '2001:db8:1::23', netmask6: 'ffff:ffff:ffff:ffff::', network6: '2001:db8:1::', scope6: 'global' })
  })

  it('files each interface with its MAC, bindings and link-local address', () => {
    const { interfaces } = facts['networking']
    expect(Object.keys(interfaces)).toEqual(['lo', 'eth0', 'eth0:1', 'wlan0', 'wg0'])
    expect(interfaces.eth0).toEqual({
      mac: '52:54:00:12:34:56',
      bindings: [{ address: '10.0.0.5', netmask: '255.255.255.0', network: '10.0.0.0' }],
      ip: '10.0.0.5',
      netmask: '255.255.255.0',
      network: '10.0.0.0',
      bindings6: [{ address: 'fe80::5054:ff:fe12:3456', netmask: 'ffff:ffff:ffff:ffff::', network: 'fe80::', scope6: 'link' }],
      ip6: 'fe80::5054:ff:fe12:3456',
      netmask6: 'ffff:ffff:ffff:ffff::',
      network6: 'fe80::',
      scope6: 'link',
    })
    expect(interfaces['eth0:1']).toMatchObject({ ip: '10.0.0.6', mac: '52:54:00:12:34:56' })
    expect(interfaces.lo).toMatchObject({ ip: '127.0.0.1', netmask: '255.0.0.0', ip6: '::1', scope6: 'host' })
    expect(interfaces.lo.mac).toBeUndefined()
    expect(interfaces.wg0).toEqual({ bindings: [{ address: '10.9.0.1', netmask: '255.255.255.255', network: '10.9.0.1' }], ip: '10.9.0.1', netmask: '255.255.255.255', network: '10.9.0.1' })
  })

  it('ignores text before the first section, and a section without its marker line', () => {
    expect(parse(`noise\nID=evil\n${DEBIAN}`)['os']).toMatchObject({ name: 'Debian' })
    expect(parse('')).toEqual({})
  })
})

describe('parseRemoteFacts on an Alpine-like node without ip and with sections missing', () => {
  const facts = parse(ALPINE) as Dict

  it('reads os and kernel facts, with the machine architecture kept as is', () => {
    expect(facts['os']).toMatchObject({ name: 'Alpine', family: 'Alpine', release: { full: '3.20.3', major: '3', minor: '20' }, architecture: 'aarch64', hardware: 'aarch64' })
    expect(facts).toMatchObject({ kernel: 'Linux', kernelrelease: '6.6.52-0-virt', kernelmajversion: '6.6' })
  })

  it('falls back to uname -n for the hostname, with no domain', () => {
    expect(facts).toMatchObject({ hostname: 'alpine-1', fqdn: 'alpine-1' })
    expect(facts).not.toHaveProperty('domain')
  })

  it('counts processors with no model names', () => {
    expect(facts['processors']).toEqual({ count: 2, models: [], isa: 'aarch64' })
  })

  it('leaves out the facts of missing sections only', () => {
    expect(facts).not.toHaveProperty('memory')
    expect(facts).not.toHaveProperty('uptime_seconds')
    expect(Object.keys(facts).sort()).toEqual(['fqdn', 'hostname', 'kernel', 'kernelmajversion', 'kernelrelease', 'kernelversion', 'networking', 'os', 'processors'])
  })

  it('reads addresses from busybox ifconfig and /proc/net/if_inet6', () => {
    const net = facts['networking']
    expect(net).toMatchObject({ primary: 'eth0', ip: '192.168.0.2', netmask: '255.255.255.0', mac: '02:42:00:ac:00:02', ip6: 'fe80::42:ff:feac:2', scope6: 'link' })
    expect(net.interfaces.lo).toMatchObject({ ip: '127.0.0.1', netmask: '255.0.0.0', ip6: '::1', netmask6: 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff' })
  })
})

describe('parseRemoteFacts on RHEL', () => {
  const facts = parse(RHEL) as Dict

  it('maps rhel to RedHat, keeping x86_64 as the architecture', () => {
    expect(facts['os']).toMatchObject({
      name: 'RedHat',
      family: 'RedHat',
      release: { full: '9.4', major: '9', minor: '4' },
      architecture: 'x86_64',
      distro: { id: 'RedHat', description: 'Red Hat Enterprise Linux 9.4 (Plow)' },
    })
    expect(facts['kernelversion']).toBe('5.14.0')
  })

  it('takes a dotted hostname as the fqdn', () => {
    expect(facts).toMatchObject({ hostname: 'db01', fqdn: 'db01.prod.example.com', domain: 'prod.example.com' })
    expect(facts['networking']).toEqual({ hostname: 'db01', fqdn: 'db01.prod.example.com', domain: 'prod.example.com', interfaces: {} })
  })

  it('counts processors with nproc when cpuinfo is missing, and uses MemFree without MemAvailable', () => {
    expect(facts['processors']).toEqual({ count: 16, models: [], isa: 'x86_64' })
    expect(facts['memory'].system).toMatchObject({ total_bytes: 32768000 * 1024, available_bytes: 1024000 * 1024, capacity: '96.88%' })
  })

  it('builds os from uname alone when os-release is missing', () => {
    const withoutRelease = RHEL.replace(/@@capstan-facts@@ os-release[\s\S]*?(?=@@capstan-facts@@ uname)/, '')
    expect(parse(withoutRelease)['os']).toEqual({ name: 'Linux', family: 'Linux', release: { full: '5.14.0-427.13.1.el9_4.x86_64', major: '5' , minor: '14'}, architecture: 'x86_64', hardware: 'x86_64' })
  })
})
