// OpenSSH is the oracle: for every alias of a config tree with nested
// Includes (globs, ~ and relative paths) and Match blocks, the settings the
// plugin reads are the ones `ssh -G` prints. `ssh -G` only prints the
// resolved configuration; it connects nowhere.
import { execFile } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { userInfo } from 'node:os'
import { dirname, join } from 'node:path'
import { promisify } from 'node:util'
import type { SourceNode } from 'capstan'
import { expect } from 'vitest'
import { needs } from '@capstan/test-support/requirement'
import { scratchDir } from '@capstan/test-support/scratch-dir'
import { MAX_INCLUDE_DEPTH, readSshConfigNodes, type SshConfigNote } from '../../../src/inventory/index.js'
import { sshClient } from '../../support/requirements.js'

const localUser = userInfo().username

/** The tree, under a home directory of its own; relative Includes resolve against its ~/.ssh, for ssh and the plugin alike. */
const TREE: Record<string, string[]> = {
  '.ssh/config': [
    'Include conf.d/*.conf',
    'Include ~/.ssh/extra/[ab]*.cfg ~/.ssh/missing/*',
    'Host bastion',
    '  HostName Bastion.Example.COM',
    '  User jump',
    '  Port 2201',
    'Match originalhost db2',
    '  User dbowner',
    'Host db2',
    '  User wrong',
    '  HostName %h.internal',
    'Match host *.INTERNAL !user root',
    '  Port 2202',
    'Host web*',
    '  Include web.d/*',
    'Host deployed',
    '  User deploy',
    'Match user deploy',
    '  Include deploy.d/*',
    'Match exec false',
    '  User execuser',
    'Match !canonical originalhost app?,!app9',
    '  ProxyJump bastion',
    `Match localuser ${localUser} originalhost short`,
    '  HostName bastion',
    'Host short',
    '  Port 2300',
    'Match final originalhost app2',
    '  User finaluser',
    'Match canonical originalhost extra-a',
    '  User canon',
    'Host *',
    '  Port 2000',
  ],
  '.ssh/conf.d/10-apps.conf': ['Include nested/*.conf', 'Host app1 app2 app9', '  HostName %h.apps.example', 'Host app2', '  Port 2022'],
  '.ssh/conf.d/20-late.conf': ['Host app1', '  User late-app1', '  ProxyJump none'],
  '.ssh/conf.d/ignored.txt': ['Host never-read'],
  '.ssh/nested/deep.conf': ['Match all', 'Host deep1', '  HostName 10.0.0.7', '  ProxyJump bastion,app1'],
  '.ssh/extra/a.cfg': ['Host extra-a', '  Port 2400'],
  '.ssh/extra/b.cfg': ['Host extra-b', '  User bee'],
  '.ssh/extra/c.cfg': ['Host extra-c'],
  '.ssh/web.d/web.conf': ['Host web1', '  HostName web1.example.com', 'Host notweb', '  Port 2600'],
  '.ssh/deploy.d/deploy.conf': ['Host deployed', '  Port 2500', 'Host undeployed', '  Port 2501'],
}

function writeTree(home: string): string {
  for (const [path, lines] of Object.entries(TREE)) {
    mkdirSync(dirname(join(home, path)), { recursive: true })
    writeFileSync(join(home, path), `${lines.join('\n')}\n`)
  }
  return join(home, '.ssh', 'config')
}

/** What `ssh -G` resolves for `alias`: the four settings the inventory keeps. */
async function openssh(home: string, config: string, alias: string): Promise<Record<string, string | undefined>> {
  const { stdout } = await promisify(execFile)('ssh', ['-G', '-F', config, alias], { env: { ...process.env, HOME: home } })
  const printed = new Map(stdout.split('\n').map((line) => [line.slice(0, line.indexOf(' ')), line.slice(line.indexOf(' ') + 1)] as const))
  return { hostname: printed.get('hostname'), user: printed.get('user'), port: printed.get('port'), proxyJump: printed.get('proxyjump') }
}

function settingsOf(node: SourceNode): Record<string, string | undefined> {
  const config = node.config as { hostname: string; user?: string; port: number; proxyJump?: string }
  // Without a User anywhere, OpenSSH logs in as the local user, and so does the connection.
  return { hostname: config.hostname, user: config.user ?? localUser, port: String(config.port), proxyJump: config.proxyJump }
}

needs(sshClient).describe('ssh_config read as OpenSSH reads it (ssh -G is the oracle)', () => {
  needs(sshClient).it('gives every alias the HostName, User, Port and ProxyJump that ssh -G prints', async () => {
    const home = scratchDir('ssh-config-oracle-')
    const config = writeTree(home)
    const notes: SshConfigNote[] = []
    const nodes = await readSshConfigNodes(config, { homeDir: home, localUser, onNote: (note) => notes.push(note) })

    expect(nodes.map((node) => node.id)).toEqual([
      'deep1',
      'app1',
      'app2',
      'app9',
      'extra-a',
      'extra-b',
      'bastion',
      'db2',
      'web1',
      'deployed',
      'short',
    ])
    for (const node of nodes) {
      expect({ alias: node.id, ...settingsOf(node) }).toEqual({ alias: node.id, ...(await openssh(home, config, node.id)) })
    }
    // The Match lines really decided something: these differ from what the Host blocks alone would give.
    expect(settingsOf(nodes.find((node) => node.id === 'db2')!)).toMatchObject({ user: 'dbowner', hostname: 'db2.internal', port: '2202' })
    expect(settingsOf(nodes.find((node) => node.id === 'app2')!)).toMatchObject({ user: 'finaluser', proxyJump: 'bastion' })
    expect(notes).toContainEqual({ file: config, line: 20, directive: 'Match', message: 'Match exec is not evaluated: its block is applied to no host' })
  })

  needs(sshClient).it('leaves out the aliases whose blocks ssh never applies to them, and only those', async () => {
    const home = scratchDir('ssh-config-oracle-')
    const config = writeTree(home)
    const notes: SshConfigNote[] = []
    const nodes = await readSshConfigNodes(config, { homeDir: home, localUser, onNote: (note) => notes.push(note) })
    const ids = nodes.map((node) => node.id)

    // In web.d (included under `Host web*`) and deploy.d (under `Match user deploy`): their Port never reaches ssh.
    for (const [alias, port] of [['notweb', '2600'], ['undeployed', '2501']] as const) {
      expect(ids).not.toContain(alias)
      expect((await openssh(home, config, alias)).port).not.toBe(port)
      expect(notes).toContainEqual(expect.objectContaining({ directive: 'Host', message: expect.stringContaining(`Host ${alias} is not listed`) }))
    }
    // Not matched by the globs: c.cfg, ignored.txt.
    expect(ids).not.toContain('extra-c')
    expect(ids).not.toContain('never-read')
  })

  needs(sshClient).it('follows Includes exactly as deep as ssh does, and refuses one level more as it does', async () => {
    const home = scratchDir('ssh-config-oracle-')
    const chainOf = (name: string, levels: number): string => {
      for (let level = 0; level <= levels; level++) {
        const text = level < levels ? `Include ${home}/${name}/${level + 1}\n` : 'Host last\n  Port 2007\n'
        mkdirSync(join(home, name), { recursive: true })
        writeFileSync(join(home, name, String(level)), text)
      }
      return join(home, name, '0')
    }
    const deepest = chainOf('ok', MAX_INCLUDE_DEPTH)
    expect((await readSshConfigNodes(deepest, { homeDir: home })).map(settingsOf)).toEqual([await openssh(home, deepest, 'last')])

    const tooDeep = chainOf('deep', MAX_INCLUDE_DEPTH + 1)
    await expect(readSshConfigNodes(tooDeep, { homeDir: home })).rejects.toMatchObject({ code: 'CONFIG_ERROR' })
    await expect(openssh(home, tooDeep, 'last')).rejects.toMatchObject({ stderr: expect.stringContaining('Too many recursive configuration includes') })
  })
})
