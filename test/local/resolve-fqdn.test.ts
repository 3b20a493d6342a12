import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { resolveFqdn } from '../../src/local/resolve-fqdn.js'

describe('resolveFqdn', () => {
  let dir: string
  const file = (name: string) => path.join(dir, name)

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'capstan-fqdn-'))
    await writeFile(file('hosts'), '127.0.0.1 localhost\n# 10.0.0.9 web01.wrong.example web01\n10.0.0.5 web01.example.com. web01 # primary\n')
    await writeFile(file('hosts-short'), '127.0.0.1 localhost\n127.0.1.1 vm\n')
    await writeFile(file('resolv.conf'), 'nameserver 10.0.0.1\nsearch corp.example lab.example\n')
    await writeFile(file('resolv-both.conf'), 'domain old.example\nsearch new.example\n')
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('takes a dotted hostname as already qualified', async () => {
    expect(await resolveFqdn('db01.example.com', { hostsPath: file('none'), resolvConfPath: file('none') })).toEqual({ fqdn: 'db01.example.com', domain: 'example.com' })
  })

  it('finds the qualified name in the hosts file, ignoring comments and the trailing dot', async () => {
    expect(await resolveFqdn('web01', { hostsPath: file('hosts'), resolvConfPath: file('resolv.conf') })).toEqual({ fqdn: 'web01.example.com', domain: 'example.com' })
  })

  it("falls back to resolv.conf's domain, the last domain or search line winning", async () => {
    expect(await resolveFqdn('vm', { hostsPath: file('hosts-short'), resolvConfPath: file('resolv.conf') })).toEqual({ fqdn: 'vm.corp.example', domain: 'corp.example' })
    expect(await resolveFqdn('vm', { hostsPath: file('hosts-short'), resolvConfPath: file('resolv-both.conf') })).toEqual({ fqdn: 'vm.new.example', domain: 'new.example' })
  })

  it('gives the bare hostname and no domain when nothing qualifies it', async () => {
    expect(await resolveFqdn('vm', { hostsPath: file('hosts-short'), resolvConfPath: file('missing') })).toEqual({ fqdn: 'vm' })
  })
})
