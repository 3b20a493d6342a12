import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Client } from 'ssh2'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { NodeEvent } from 'capstan'
import { infraEnv } from '@capstan/test-support/infra-env'
import { connect } from '../support/ssh-test-client.js'
import { buildTestDeb, localVersion, purgeLocally } from '@capstan/test-support/test-deb'
import { detectPackageManager, listPackages, runPackageChange, searchPackages, type PackageChangeOptions } from '../../src/packages/index.js'
import { debianPackaging, sshdRunning } from '../support/requirements.js'
import { needs } from '@capstan/test-support/requirement'

const env = infraEnv()

async function change(client: Client, options: Omit<PackageChangeOptions, 'node' | 'manager'>) {
  const events: NodeEvent[] = []
  for await (const event of runPackageChange(client, { node: 'n1', manager: 'apt', ...options })) events.push(event)
  const finished = events.at(-1)
  if (finished?.type !== 'node:finished') throw new Error(`last event is ${finished?.type}`)
  const output = events.flatMap((e) => (e.type === 'node:output' ? [e.chunk] : [])).join('')
  return { events, finished, output }
}

needs(sshdRunning, debianPackaging).describe('packages against OpenSSH on this Debian host', () => {
  let client: Client
  let password: string
  const name = `capstan-test-${randomBytes(4).toString('hex')}`
  let workDir: string
  let debPath: string
  let newerDebPath: string

  beforeAll(async () => {
    client = await connect()
    password = readFileSync(join(env.SSH_INFRA as string, 'sudo-password'), 'utf8').replace(/\r?\n$/, '')
    workDir = mkdtempSync(join(tmpdir(), 'capstan-pkg-'))
    chmodSync(workDir, 0o755)
    debPath = buildTestDeb(workDir, name, '1.0-1')
    newerDebPath = buildTestDeb(workDir, name, '1.0-2')
  })

  afterAll(() => {
    client?.end()
    purgeLocally(name)
    if (workDir !== undefined) rmSync(workDir, { recursive: true, force: true })
  })

  it('detects apt', async () => {
    expect(await detectPackageManager(client, { node: 'n1' })).toBe('apt')
  })

  it('lists exactly what dpkg-query says is installed', async () => {
    const local = execFileSync('dpkg-query', ['-W', '-f', '${db:Status-Abbrev}\t${Package}\t${Version}\n'], { encoding: 'utf8' })
      .split('\n')
      .filter((line) => line[1] === 'i')
      .map((line) => line.split('\t').slice(1).join('='))
    const remote = await listPackages(client, { node: 'n1', manager: 'apt' })
    expect(new Set(remote.map((p) => `${p.name}=${p.version}`))).toEqual(new Set(local))
    expect(remote.every((p) => p.manager === 'apt' && p.status === 'installed' && p.arch !== undefined)).toBe(true)
    const filtered = await listPackages(client, { node: 'n1', manager: 'apt', filter: 'dpkg*' })
    expect(filtered.map((p) => p.name)).toContain('dpkg')
    expect(filtered.every((p) => p.name.startsWith('dpkg'))).toBe(true)
  })

  it('searches the package lists, the exact name first, marking installed packages', async () => {
    const found = await searchPackages(client, { node: 'n1', manager: 'apt', query: 'dpkg', limit: 5 })
    expect(found.length).toBeLessThanOrEqual(5)
    const installed = localVersion('dpkg')
    const candidate = /Candidate:\s*(\S+)/.exec(execFileSync('apt-cache', ['policy', 'dpkg'], { encoding: 'utf8' }))?.[1]
    expect(found[0]).toMatchObject(
      candidate === installed
        ? { name: 'dpkg', manager: 'apt', status: 'installed', version: installed }
        : { name: 'dpkg', manager: 'apt', status: 'upgradable', version: installed, availableVersion: candidate },
    )
    const hostile = `x'; touch ${workDir}/pwned; echo '`
    expect(await searchPackages(client, { node: 'n1', manager: 'apt', query: hostile, limit: 5 })).toEqual([])
    expect(existsSync(join(workDir, 'pwned'))).toBe(false)
  })

  it('installs a package file through sudo, then uninstalls it by name', async () => {
    const install = await change(client, { action: 'install', packages: [debPath], sudo: { password }, timeoutMs: 120_000 })
    expect(install.events[0]).toEqual({ type: 'node:started', node: 'n1' })
    expect(install.finished, install.output).toMatchObject({ status: 'success', exitCode: 0, value: { manager: 'apt', changes: [{ name, before: null, after: '1.0-1' }] } })
    expect(install.output).not.toContain(password)
    expect(localVersion(name)).toBe('1.0-1')

    const again = await change(client, { action: 'install', packages: [name], sudo: { password } })
    expect(again.finished).toMatchObject({ status: 'success', value: { changes: [{ name, before: '1.0-1', after: '1.0-1' }] } })

    const update = await change(client, { action: 'update', packages: [newerDebPath], sudo: { password }, timeoutMs: 120_000 })
    expect(update.finished, update.output).toMatchObject({ status: 'success', value: { changes: [{ name, before: '1.0-1', after: '1.0-2' }] } })
    expect(localVersion(name)).toBe('1.0-2')

    const uninstall = await change(client, { action: 'uninstall', packages: [name], sudo: { password }, timeoutMs: 120_000 })
    expect(uninstall.finished, uninstall.output).toMatchObject({ status: 'success', exitCode: 0, value: { manager: 'apt', changes: [{ name, before: '1.0-2', after: null }] } })
    expect(localVersion(name)).toBeNull()
  })

  it('fails the node, changing nothing, when sudo refuses the password', async () => {
    const refused = await change(client, { action: 'install', packages: [debPath], sudo: { password: 'not-the-password' } })
    expect(refused.finished.status).not.toBe('success')
    expect(refused.finished).toMatchObject({ error: { code: 'PERMISSION_DENIED' } })
    expect(JSON.stringify(refused.events)).not.toContain('not-the-password')
    expect(refused.finished).toMatchObject({ value: { changes: [{ name, before: null, after: null }] } })
    expect(localVersion(name)).toBeNull()
  })

  it('fails the node when the package file is missing, before running anything', async () => {
    const missing = await change(client, { action: 'install', packages: [join(workDir, 'missing.deb')], sudo: { password } })
    expect(missing.finished).toMatchObject({ status: 'error', error: { code: 'PLUGIN_ERROR' }, value: { changes: [] } })
    expect(missing.events.some((e) => e.type === 'node:output')).toBe(false)
  })

  it('rejects a hostile spec before connecting anything', async () => {
    await expect(change(client, { action: 'install', packages: ['nginx;id'] })).rejects.toMatchObject({ code: 'VALIDATION_ERROR' })
    await expect(change(client, { action: 'uninstall', packages: [] })).rejects.toMatchObject({ code: 'VALIDATION_ERROR' })
  })
})
