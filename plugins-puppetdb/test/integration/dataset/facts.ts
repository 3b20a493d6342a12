// Facter-shaped facts for one synthetic node of the test dataset.
import type { DatasetNode } from './dataset-node.js'

/** Operating systems spread over the nodes: several families, as a fleet has. */
export const operatingSystems = [
  { name: 'Debian', family: 'Debian', release: '12.7', codename: 'bookworm', kernel: '6.1.0-26-amd64', arch: 'amd64' },
  { name: 'Debian', family: 'Debian', release: '11.11', codename: 'bullseye', kernel: '5.10.0-32-amd64', arch: 'amd64' },
  { name: 'Ubuntu', family: 'Debian', release: '22.04', codename: 'jammy', kernel: '5.15.0-119-generic', arch: 'amd64' },
  { name: 'RedHat', family: 'RedHat', release: '9.4', codename: 'Plow', kernel: '5.14.0-427.13.1.el9_4.x86_64', arch: 'x86_64' },
  { name: 'Rocky', family: 'RedHat', release: '8.10', codename: 'Green Obsidian', kernel: '4.18.0-553.el8_10.x86_64', arch: 'x86_64' },
  { name: 'SLES', family: 'Suse', release: '15.5', codename: 'n/a', kernel: '5.14.21-150500.55.65-default', arch: 'x86_64' },
] as const

/** The facts a Puppet agent would send for `node` (replace facts, version 5). */
export function factsOf(node: DatasetNode): Record<string, unknown> {
  const os = operatingSystems[node.os]!
  const [major, minor = '0'] = os.release.split('.')
  const [hostname, ...rest] = node.certname.split('.')
  const domain = rest.join('.')
  const memoryBytes = (4 + (node.index % 4) * 4) * 1024 ** 3
  const trusted: Record<string, unknown> = {
    authenticated: 'remote',
    certname: node.certname,
    domain,
    hostname,
    extensions: { pp_role: node.role, pp_datacenter: node.datacenter },
  }
  return {
    os: {
      name: os.name,
      family: os.family,
      architecture: os.arch,
      hardware: 'x86_64',
      release: { full: os.release, major, minor },
      distro: { codename: os.codename, id: os.name, release: { full: os.release, major, minor } },
      selinux: { enabled: os.family === 'RedHat' },
    },
    networking: {
      hostname,
      domain,
      fqdn: node.certname,
      ip: node.ip,
      mac: `52:54:00:00:${(node.index >> 8).toString(16).padStart(2, '0')}:${(node.index & 255).toString(16).padStart(2, '0')}`,
      primary: 'eth0',
      interfaces: {
        eth0: { ip: node.ip, netmask: '255.255.0.0', mtu: 1500, bindings: [{ address: node.ip, netmask: '255.255.0.0', network: '10.20.0.0' }] },
        lo: { ip: '127.0.0.1', netmask: '255.0.0.0', mtu: 65536 },
      },
    },
    kernel: 'Linux',
    kernelrelease: os.kernel,
    processors: { count: 2 << (node.index % 3), isa: 'x86_64', models: ['Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz'] },
    memory: { system: { total_bytes: memoryBytes, used_bytes: Math.round(memoryBytes * 0.4), available_bytes: Math.round(memoryBytes * 0.6) } },
    fqdn: node.certname,
    hostname,
    domain,
    ipaddress: node.ip,
    is_virtual: true,
    virtual: 'kvm',
    timezone: 'UTC',
    uptime_seconds: 3600 * (1 + node.index),
    puppetversion: '7.23.0',
    facterversion: '4.2.14',
    datacenter: node.datacenter,
    // Only some nodes carry the legacy top-level `role` fact; every node has pp_role in trusted.
    ...(node.topLevelRole ? { role: node.role } : {}),
    trusted,
  }
}
