// The plugin as an application uses it: through createCapstan, against the
// real OpenSSH servers of test/infra/start-sshd.sh (main and other, each with
// its own host key), nodes named in a generated ssh_config.
import { randomBytes } from 'node:crypto'
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createCapstan, type Capstan, type ExecutionEvent } from 'capstan'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { infraEnv } from '@capstan/test-support/infra-env'
import { sshPlugin, type SshPlugin } from '../src/index.js'
import { ourClientPorts, sessionPids } from './connection/sshd-sockets.js'
import { closedPort } from './support/sshd-target.js'
import { buildTestDeb, localVersion, purgeLocally } from '@capstan/test-support/test-deb'
import { remoteProcesses, uniqueSleep } from '@capstan/test-support/remote-processes'
import { debianPackaging, sshdRunning } from './support/requirements.js'
import { needs } from '@capstan/test-support/requirement'

const env = infraEnv()
const infra = env.SSH_INFRA ?? ''
const mainPort = Number(env.SSH_PORT ?? 2222)
const otherPort = Number(env.SSH_OTHER_PORT ?? 2223)

/** Established TCP connections from this process to `port`, as the kernel lists them. */
function connectionsTo(port: number): number {
  return ourClientPorts(port).length
}

async function eventually(check: () => boolean, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) return false
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return true
}

needs(sshdRunning).describe('sshPlugin through createCapstan, against OpenSSH', () => {
  let dir: string
  let capstan: Capstan
  let plugin: SshPlugin
  let refusedPort: number

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'capstan-ssh-plugin-'))
    refusedPort = await closedPort()
    writeFileSync(
      join(dir, 'ssh_config'),
      [
        'Host main',
        '  HostName 127.0.0.1',
        `  Port ${mainPort}`,
        'Host other',
        '  HostName 127.0.0.1',
        `  Port ${otherPort}`,
        'Host behind',
        '  HostName 127.0.0.1',
        `  Port ${otherPort}`,
        '  ProxyJump main',
        'Host wrongkey',
        '  HostName 127.0.0.1',
        `  Port ${mainPort}`,
        `  IdentityFile ${join(infra, 'stranger')}`,
        'Host refused',
        '  HostName 127.0.0.1',
        `  Port ${refusedPort}`,
        'Host *',
        `  User ${env.SSH_USER ?? 'capstan'}`,
        '',
      ].join('\n'),
    )
    plugin = sshPlugin({
      sshConfig: join(dir, 'ssh_config'),
      hosts: [{ name: 'grouped', host: '127.0.0.1', port: mainPort, user: env.SSH_USER ?? 'capstan', groups: ['web', 'debian'] }],
      privateKeyPath: env.SSH_KEY as string,
      knownHosts: join(infra, 'known_hosts'),
      connectTimeoutMs: 5_000,
      sudo: { password: readFileSync(join(infra, 'sudo-password'), 'utf8').trim() },
    })
    capstan = await createCapstan({ plugins: [plugin] })
  })

  afterAll(async () => {
    await capstan?.close()
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
  })

  it('lists the ssh_config hosts and the explicit ones, without the wildcard block, with groups', async () => {
    const { nodes } = await capstan.inventory.list()
    expect(nodes.map((n) => n.id).sort()).toEqual(['behind', 'grouped', 'main', 'other', 'refused', 'wrongkey'])
    expect(nodes.find((n) => n.id === 'other')?.sourceData.ssh?.config).toMatchObject({ hostname: '127.0.0.1', port: otherPort, user: env.SSH_USER ?? 'capstan' })
    const { groups } = await capstan.inventory.groups()
    expect(groups.find((g) => g.name === 'web')?.nodes).toEqual(['grouped'])
    const { nodes: filtered } = await capstan.inventory.filter({ groups: ['debian'] })
    expect(filtered.map((n) => n.id)).toEqual(['grouped'])
  })

  it('runs a command on several nodes, streaming each node\'s output, with exit codes and env', async () => {
    const run = capstan.command.execute({ targets: ['main', 'other', 'grouped'], command: 'echo "$GREETING from $(id -un)"; echo err >&2; exit 3', env: { GREETING: "it's $HOME" } })
    const outputs = new Map<string, string>()
    for await (const event of run) {
      if (event.type === 'node:output' && event.stream === 'stdout') outputs.set(event.node, (outputs.get(event.node) ?? '') + event.chunk)
    }
    const result = await run.result
    expect(result.nodes.map((n) => [n.node, n.status, n.exitCode]).sort()).toEqual([
      ['grouped', 'failure', 3],
      ['main', 'failure', 3],
      ['other', 'failure', 3],
    ])
    for (const node of ['main', 'other', 'grouped']) expect(outputs.get(node)).toBe(`it's $HOME from ${env.SSH_USER ?? 'capstan'}\n`)
  })

  it('streams output before the command ends', async () => {
    const run = capstan.command.execute({ targets: ['main'], command: 'echo first; sleep 2; echo second' })
    const seen: Array<{ event: ExecutionEvent; at: number }> = []
    for await (const event of run) seen.push({ event, at: Date.now() })
    const first = seen.find((s) => s.event.type === 'node:output' && s.event.chunk.includes('first'))
    const finished = seen.find((s) => s.event.type === 'node:finished')
    expect(first).toBeDefined()
    expect(finished!.at - first!.at).toBeGreaterThanOrEqual(1_500)
  })

  it('reports unreachable, wrong-key nodes as error results naming the reason, and runs the others', async () => {
    const started = Date.now()
    const result = await capstan.command.execute({ targets: ['refused', 'wrongkey', 'main'], command: 'true' }).result
    expect(Date.now() - started).toBeLessThan(5_000)
    const byNode = new Map(result.nodes.map((n) => [n.node, n]))
    expect(byNode.get('main')?.status).toBe('success')
    expect(byNode.get('refused')).toMatchObject({ status: 'error', error: { code: 'UNAVAILABLE', details: { reason: 'connection-refused' } } })
    expect(byNode.get('refused')?.error?.message).toMatch(/refused/)
    expect(byNode.get('wrongkey')).toMatchObject({ status: 'error', error: { code: 'UNAVAILABLE', details: { reason: 'authentication-failed' } } })
    expect(result.status).not.toBe('success')
  })

  it('reuses pooled connections: a second command opens channels, not connections', async () => {
    await capstan.command.execute({ targets: ['main', 'other'], command: 'true' }).result
    const before = { main: connectionsTo(mainPort), other: connectionsTo(otherPort), stats: plugin.poolStats() }
    const result = await capstan.command.execute({ targets: ['main', 'other'], command: 'echo again' }).result
    expect(result.nodes.every((n) => n.status === 'success')).toBe(true)
    expect(connectionsTo(mainPort)).toBe(before.main)
    expect(connectionsTo(otherPort)).toBe(before.other)
    expect(plugin.poolStats().total).toBe(before.stats.total)
    expect(before.main).toBeGreaterThanOrEqual(1)
  })

  it('replaces a pooled connection whose server side was killed, without failing the node', async () => {
    await capstan.command.execute({ targets: ['main'], command: 'true' }).result
    const before = ourClientPorts(mainPort)
    const pids = before.flatMap((port) => sessionPids(mainPort, port))
    expect(pids.length).toBeGreaterThan(0)
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL')
      } catch {
        // Gone with its parent already.
      }
    }
    // At once: the pool may not have seen the close yet; the node must not pay for it.
    const result = await capstan.command.execute({ targets: ['main'], command: 'echo alive' }).result
    expect(result.nodes[0], JSON.stringify(result.nodes[0]?.error)).toMatchObject({ status: 'success', stdout: 'alive\n' })
    expect(ourClientPorts(mainPort).some((port) => !before.includes(port))).toBe(true)
  })

  it('reaches a host through its ProxyJump', async () => {
    const result = await capstan.command.execute({ targets: ['behind'], command: 'echo "$SSH_CONNECTION"' }).result
    expect(result.nodes[0], JSON.stringify(result.nodes[0]?.error)).toMatchObject({ node: "behind", status: "success" })
    // sshd of the other server sees the connection arrive from the jump host's forwarding: port otherPort as the server side.
    expect(result.nodes[0]?.stdout.trim()).toMatch(new RegExp(` ${otherPort}$`))
  })

  it('runs as root through sudo with the password fed on stdin, never on the command line', async () => {
    const result = await capstan.command.execute({ targets: ['main'], command: 'id -u', runAs: 'root' }).result
    expect(result.nodes[0]).toMatchObject({ status: 'success', stdout: '0\n' })
    const password = readFileSync(join(infra, 'sudo-password'), 'utf8').trim()
    expect(JSON.stringify(result)).not.toContain(password)
  })

  it('cancelling stops the remote command: nothing is left running on the server', async () => {
    const marker = `capstan-cancel-${process.pid}-${Date.now()}`
    const run = capstan.command.execute({ targets: ['main', 'other'], command: `sleep 300 && echo ${marker}` })
    expect(await eventually(() => remoteProcesses(marker).length >= 2)).toBe(true)
    run.cancel()
    const result = await run.result
    expect(result.nodes.map((n) => n.status)).toEqual(['cancelled', 'cancelled'])
    expect(await eventually(() => remoteProcesses(marker).length === 0)).toBe(true)
  })

  it('breaking out of for await leaves the remote commands running; run.cancel() stops them', async () => {
    const sleep = uniqueSleep()
    const run = capstan.command.execute({ targets: ['main', 'other'], command: `echo started; ${sleep}` })
    for await (const event of run) if (event.type === 'node:output') break
    expect(await eventually(() => remoteProcesses(sleep).length >= 2)).toBe(true)
    expect(run.status).toBe('running')
    run.cancel()
    const result = await run.result
    expect(result.nodes.map((n) => n.status)).toEqual(['cancelled', 'cancelled'])
    expect(remoteProcesses(sleep)).toEqual([])
  })

  it('a node timeout kills that node\'s command and leaves the other node alone', async () => {
    const marker = `capstan-timeout-${process.pid}-${Date.now()}`
    const result = await capstan.command.execute({ targets: ['main'], command: `sleep 300 && echo ${marker}`, timeoutMs: 1_000 }).result
    expect(result.nodes[0]?.status).toBe('timeout')
    expect(await eventually(() => remoteProcesses(marker).length === 0)).toBe(true)
  })

  it('runs a script with its arguments verbatim', async () => {
    const script = join(dir, 'show-args.sh')
    writeFileSync(script, '#!/bin/sh\nfor a in "$@"; do printf "[%s]\\n" "$a"; done\nexit 4\n')
    const result = await capstan.script.execute({ targets: ['main'], script, args: ['a b', "it's", '$(id)'] }).result
    expect(result.nodes[0]).toMatchObject({ status: 'failure', exitCode: 4, stdout: "[a b]\n[it's]\n[$(id)]\n" })
  })

  it('gathers facts of the host in the same shape as the local plugin', async () => {
    const facts = await capstan.facts.get('main')
    expect(facts.source).toBe('ssh')
    expect(facts.facts).toMatchObject({ kernel: 'Linux', os: { family: expect.any(String) }, processors: { count: expect.any(Number) } })
  })

  it('lists the installed packages with the package manager it detected', async () => {
    const { nodes } = await capstan.packages.list({ targets: ['main', 'refused'], filter: 'openssh-server' })
    const main = nodes.find((n) => n.node === 'main')
    expect(main?.manager).toBe('apt')
    expect(main?.packages.map((p) => p.name)).toContain('openssh-server')
    expect(nodes.find((n) => n.node === 'refused')?.error?.code).toBe('UNAVAILABLE')
  })
  needs(debianPackaging).it('installs and removes a package through sudo, reporting the versions before and after', { timeout: 120_000 }, async () => {
    const name = `capstan-plugin-test-${randomBytes(4).toString('hex')}`
    const debDir = mkdtempSync(join(tmpdir(), 'capstan-deb-'))
    chmodSync(debDir, 0o755)
    try {
      const deb = buildTestDeb(debDir, name, '2.0-1')
      const install = capstan.packages.install({ targets: ['main'], packages: [deb] })
      let streamed = ''
      for await (const event of install) if (event.type === 'node:output') streamed += event.chunk
      const installed = await install.result
      expect(installed.nodes[0], JSON.stringify(installed.nodes[0]?.error)).toMatchObject({ status: 'success', value: { manager: 'apt', changes: [{ name, before: null, after: '2.0-1' }] } })
      expect(streamed).toContain(name)
      expect(localVersion(name)).toBe('2.0-1')

      const removed = await capstan.packages.uninstall({ targets: ['main'], packages: [name] }).result
      expect(removed.nodes[0]).toMatchObject({ status: 'success', value: { changes: [{ name, before: '2.0-1', after: null }] } })
      expect(localVersion(name)).toBeNull()
    } finally {
      purgeLocally(name)
      rmSync(debDir, { recursive: true, force: true })
    }
  })

  it('refuses a host whose key differs from known_hosts, naming the offered fingerprint', async () => {
    // known_hosts lists the main server's key for the other server's address.
    const mainKey = readFileSync(join(infra, 'known_hosts'), 'utf8').split('\n').find((line) => line.startsWith(`[127.0.0.1]:${mainPort} `))
    const wrongKnownHosts = join(dir, 'known_hosts-wrong')
    writeFileSync(wrongKnownHosts, `${mainKey?.replace(`[127.0.0.1]:${mainPort}`, `[127.0.0.1]:${otherPort}`)}\n`)
    const other = await createCapstan({
      plugins: [sshPlugin({ hosts: [`${env.SSH_USER ?? 'capstan'}@127.0.0.1:${otherPort}`], privateKeyPath: env.SSH_KEY as string, knownHosts: wrongKnownHosts })],
    })
    try {
      const result = await other.command.execute({ targets: [`127.0.0.1:${otherPort}`], command: 'true' }).result
      expect(result.nodes[0]).toMatchObject({ status: 'error', error: { code: 'UNAVAILABLE', details: { reason: 'host-key-mismatch', fingerprint: expect.stringMatching(/^SHA256:/) } } })
      expect(result.nodes[0]?.error?.message).toMatch(/host key mismatch/)
    } finally {
      await other.close()
    }
  })
  it.each([
    ['a missing key file', { privateKeyPath: '/nonexistent/id_ed25519' }, /Cannot read the SSH private key \/nonexistent\/id_ed25519 \(privateKeyPath\)/],
    ['an encrypted key without its passphrase', { privateKeyPath: join(infra, 'client-encrypted') }, /encrypted and no passphrase was given: set passphrase/],
    ['an encrypted key with a wrong passphrase', { privateKeyPath: join(infra, 'client-encrypted'), passphrase: 'not it' }, /the passphrase does not open it/],
    ['a missing ssh_config', { privateKeyPath: env.SSH_KEY as string, sshConfig: '/nonexistent/ssh_config' }, /Cannot read the ssh_config file \/nonexistent\/ssh_config/],
  ])('does not start with %s: the plugin is unhealthy with a message naming the option', async (_case, options, message) => {
    const broken = await createCapstan({ plugins: [sshPlugin({ hosts: ['127.0.0.1'], knownHosts: join(infra, 'known_hosts'), ...options })] })
    try {
      const health = await broken.health()
      expect(health.plugins['ssh']).toMatchObject({ status: 'unhealthy', details: { code: 'CONFIG_ERROR' } })
      expect(health.plugins['ssh']?.message).toMatch(message)
      expect(health.plugins['ssh']?.message).not.toContain('not it')
    } finally {
      await broken.close()
    }
  })
})
