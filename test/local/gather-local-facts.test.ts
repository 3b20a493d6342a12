import { readFileSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Facts } from '../../src/capabilities/models/facts.js'
import { gatherLocalFacts } from '../../src/local/gather-local-facts.js'

describe('gatherLocalFacts', () => {
  let dir: string
  const file = (name: string) => path.join(dir, name)

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'capstan-facts-'))
    await writeFile(file('rocky'), 'NAME="Rocky Linux"\nID="rocky"\nID_LIKE="rhel centos fedora"\nVERSION_ID="9.3"\nPRETTY_NAME="Rocky Linux 9.3 (Blue Onyx)"\n')
    await writeFile(file('ubuntu'), 'ID=ubuntu\nID_LIKE=debian\nVERSION_ID="22.04"\nVERSION_CODENAME=jammy\nPRETTY_NAME="Ubuntu 22.04.4 LTS"\n')
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  const gather = (osRelease: string) =>
    gatherLocalFacts({
      osReleasePath: file(osRelease),
      debianVersionPath: file('none'),
      hostsPath: file('none'),
      resolvConfPath: file('none'),
      now: () => new Date('2025-01-02T03:04:05.000Z'),
    })

  it('returns valid Facts for localhost from the local source, stamped by the clock', async () => {
    const result = await gather('rocky')
    expect(Facts.parse(result)).toEqual(result)
    expect(result).toMatchObject({ node: 'localhost', source: 'local', gatheredAt: '2025-01-02T03:04:05.000Z' })
  })

  it('maps the os family from os-release like Facter', async () => {
    expect((await gather('rocky')).facts['os']).toMatchObject({ name: 'Rocky', family: 'RedHat', release: { full: '9.3', major: '9', minor: '3' } })
    expect((await gather('ubuntu')).facts['os']).toMatchObject({ name: 'Ubuntu', family: 'Debian', distro: { codename: 'jammy', description: 'Ubuntu 22.04.4 LTS' } })
  })

  it('still answers without an os-release, naming the family after the kernel', async () => {
    const { facts } = await gather('missing')
    const expected = os.type() === 'Windows_NT' ? 'windows' : os.type()
    expect(facts['os']).toMatchObject({ family: expected, name: expected })
    expect(facts['kernel']).toBeTypeOf('string')
  })

  it('reports processors, memory and uptime from node:os', async () => {
    const { facts } = await gather('rocky')
    const processors = facts['processors'] as { count: number; models: string[]; isa: string }
    expect(processors.count).toBe(os.cpus().length)
    expect(processors.models).toHaveLength(os.cpus().length)
    const memory = (facts['memory'] as { system: Record<string, unknown> }).system
    expect(memory['total_bytes']).toBeGreaterThan(0)
    expect(memory['available_bytes']).toBeGreaterThan(0)
    expect(memory['available_bytes'] as number).toBeLessThanOrEqual(memory['total_bytes'] as number)
    expect(memory['total']).toMatch(/^\d+(\.\d\d)? (bytes|KiB|MiB|GiB|TiB)$/)
    expect(facts['uptime_seconds']).toBeGreaterThanOrEqual(0)
    expect(Number.isInteger(facts['uptime_seconds'])).toBe(true)
  })

  it('names the host consistently in hostname, fqdn and networking', async () => {
    const { facts } = await gather('rocky')
    expect(facts['hostname']).toBe(os.hostname().split('.')[0])
    expect(facts['networking']).toMatchObject({ hostname: facts['hostname'], fqdn: facts['fqdn'] })
    expect(Object.keys((facts['networking'] as { interfaces: object }).interfaces).length).toBeGreaterThan(0)
  })

  // Facter's own output on a real machine (the Bolt facts task sample): every
  // fact path we produce under these keys must exist there too, so code
  // written against Puppet facts finds what it expects.
  const sample = fileURLToPath(new URL('../../plugins-bolt/test/fixtures/samples/task_run_facts.out', import.meta.url))
  it('produces only fact paths that Facter also produces', async () => {
    const facter = (JSON.parse(readFileSync(sample, 'utf8')) as { items: Array<{ target: string; value: Record<string, unknown> }> }).items.find((item) => item.target === 'localhost')?.value
    const { facts } = await gatherLocalFacts({ now: () => new Date(0) })
    const facterPaths = new Set(pathsOf(facter))
    const ours = pathsOf({ ...facts, networking: { ...(facts['networking'] as object), interfaces: {} } }).filter((p) => !p.startsWith('networking.interfaces'))
    // Facter facts that this machine's Facter run happened not to report: there
    // was no DNS domain, and uptime_seconds is a legacy fact it left out.
    const notInSample = new Set(['domain', 'networking.domain', 'uptime_seconds'])
    expect(ours.filter((p) => !facterPaths.has(p) && !notInSample.has(p))).toEqual([])
  })
})

/** Dotted paths of every leaf, array items collapsed to `[]`. */
function pathsOf(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return [`${prefix}[]`]
  if (value === null || typeof value !== 'object') return [prefix]
  return Object.entries(value).flatMap(([key, item]) => pathsOf(item, prefix === '' ? key : `${prefix}.${key}`))
}
