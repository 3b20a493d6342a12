import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { parseRemoteFacts } from '../../src/facts/parse-remote-facts.js'
import { REMOTE_FACTS_SCRIPT } from '../../src/facts/remote-facts-script.js'
import { splitFactsSections } from '../../src/facts/split-facts-sections.js'

const run = promisify(execFile)
const meta = { node: 'here', source: 'ssh', gatheredAt: '2026-01-01T00:00:00.000Z' }
const shells = ['/bin/sh', '/bin/bash', '/bin/dash', '/bin/busybox'].filter((shell) => existsSync(shell))

describe('REMOTE_FACTS_SCRIPT run by a local shell', () => {
  const bin = mkdtempSync(join(tmpdir(), 'capstan-facts-bin-'))
  afterAll(() => rmSync(bin, { recursive: true, force: true }))

  it.each(shells)('prints every section under %s and exits 0', async (shell) => {
    const args = shell.endsWith('busybox') ? ['sh', '-c', REMOTE_FACTS_SCRIPT] : ['-c', REMOTE_FACTS_SCRIPT]
    const { stdout, stderr } = await run(shell, args)
    const names = [...splitFactsSections(stdout).keys()]
    for (const name of ['os-release', 'uname', 'nodename', 'cpuinfo', 'meminfo', 'uptime', 'route', 'sys-net']) expect(names).toContain(name)
    expect(stderr).toBe('')
  })

  it('exits 0 without uname, hostname, nproc or ip, keeping the facts of the files it can read', async () => {
    // Only cat and grep on the PATH: every other tool is "missing".
    for (const tool of ['cat', 'grep']) symlinkSync((await run('/bin/sh', ['-c', `command -v ${tool}`])).stdout.trim(), join(bin, tool))
    const { stdout } = await run('/bin/sh', ['-c', REMOTE_FACTS_SCRIPT], { env: { PATH: bin } })
    const sections = splitFactsSections(stdout)
    for (const name of ['uname', 'hostname', 'hostname-f', 'nproc', 'ip-addr', 'ip-link']) expect(sections.has(name)).toBe(false)
    // /proc/sys/kernel/hostname stands in for uname -n; /proc/net/if_inet6 for ip.
    expect(sections.has('nodename')).toBe(true)
    const { facts } = parseRemoteFacts(stdout, meta)
    expect(facts).not.toHaveProperty('kernel')
    expect(facts).toHaveProperty('memory')
    expect(facts).toHaveProperty('uptime_seconds')
    expect((facts['processors'] as { count: number }).count).toBeGreaterThan(0)
    expect(facts['os']).not.toHaveProperty('architecture')
  })
})
