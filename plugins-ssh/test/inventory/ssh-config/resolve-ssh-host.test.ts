import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { scratchDir } from '@capstan/test-support/scratch-dir'
import { loadSshConfig, parseSshConfig, resolveSshHost } from '../../../src/inventory/index.js'

const context = { localUser: 'ops' }
const resolve = (text: string, alias: string, more: { defaultUser?: string } = {}) => resolveSshHost(parseSshConfig(text, 'cfg'), alias, { ...context, ...more })

describe('resolveSshHost', () => {
  it('compares Match host with the HostName obtained so far, %h expanded', () => {
    const text = 'Match host db2.internal\n  Port 2202\nHost db2\n  HostName %h.internal\nMatch host db2.internal\n  User dbowner\n'
    expect(resolve(text, 'db2')).toMatchObject({ hostname: 'db2.internal', user: 'dbowner' })
    expect(resolve(text, 'db2').port).toBeUndefined()
  })

  it('lets Match user see the default user when no User is obtained, and the local user without one', () => {
    const text = 'Match user ci\n  Port 2022\nMatch user ops\n  Port 2023\n'
    expect(resolve(text, 'a', { defaultUser: 'ci' }).port).toBe(2022)
    expect(resolve(text, 'a').port).toBe(2023)
  })

  it('makes a second pass for Match final, where Host lines match the resolved host name', () => {
    const text = 'Host short\n  HostName Bastion\nHost bastion\n  User jump\nMatch final\n  Port 2001\n'
    expect(resolve(text, 'short')).toMatchObject({ hostname: 'bastion', user: 'jump', port: 2001 })
    expect(resolve(text.replace('Match final', 'Match !final'), 'short')).toMatchObject({ hostname: 'bastion', port: 2001 })
    expect(resolve(text.replace('Match final', 'Match !final'), 'short').user).toBeUndefined()
  })

  it('gives ProxyJump to whichever of ProxyJump and ProxyCommand comes first', () => {
    expect(resolve('Host a\n  ProxyCommand nc %h %p\nHost *\n  ProxyJump gw\n', 'a').proxyJump).toBeUndefined()
    expect(resolve('Host a\n  ProxyJump gw\n  ProxyCommand nc %h %p\n', 'a').proxyJump).toBe('gw')
  })

  it('applies nothing from a file included in a block that does not apply, not even Host * or Match all, but still hears its Match final', async () => {
    const dir = scratchDir('resolve-ssh-host-')
    mkdirSync(join(dir, '.ssh'))
    writeFileSync(join(dir, '.ssh', 'config'), 'Host elsewhere\n  Include inner.conf\nMatch canonical\n  Port 2100\n')
    writeFileSync(join(dir, '.ssh', 'inner.conf'), 'Host *\n  User star\nMatch all\n  User all\nMatch final\n  User final\n')
    const resolved = resolveSshHost(await loadSshConfig(join(dir, '.ssh', 'config'), { homeDir: dir }), 'a', context)
    expect(resolved.user).toBeUndefined()
    expect(resolved.port).toBe(2100)
  })

  it('keeps every IdentityFile once, in order', () => {
    expect(resolve('Host a\n  IdentityFile ~/.ssh/a\nHost *\n  IdentityFile ~/.ssh/b\n  IdentityFile ~/.ssh/a\n', 'a').identityFiles).toEqual(['~/.ssh/a', '~/.ssh/b'])
  })
})
