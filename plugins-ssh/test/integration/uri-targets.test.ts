// Issue 16 part 3 over SSH: a uri target (ssh://user@host:port) the plugin's inventory does
// not list runs on the test sshd as a transient node; its host key follows adHocHostKeys
// (strict by default, whatever strictHostKeyChecking says for inventory hosts).
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createCapstan, type Capstan } from 'capstan'
import { afterEach, expect, it, vi } from 'vitest'
import { infraEnv } from '@capstan/test-support/infra-env'
import { needs } from '@capstan/test-support/requirement'
import { scratchDir } from '@capstan/test-support/scratch-dir'
import { connectSsh } from '../../src/connection/connect.js'
import { HostKeyPins } from '../../src/connection/host-key-pins.js'
import { sshPlugin, type SshPlugin, type SshPluginOptions } from '../../src/index.js'
import { execText, sshdTarget } from '../support/sshd-target.js'
import { sshdRunning } from '../support/requirements.js'

const env = infraEnv()
const host = env.SSH_HOST ?? '127.0.0.1'
const port = Number(env.SSH_PORT ?? 2222)
const user = env.SSH_USER ?? 'capstan'
const uri = `ssh://${user}@${host}:${port}`

needs(sshdRunning).describe('uri targets on the test sshd', () => {
  let capstan: Capstan | undefined
  afterEach(async () => {
    await capstan?.close()
    capstan = undefined
  })

  /** A Capstan whose SSH plugin lists no host: every target is ad hoc. */
  let plugin: SshPlugin
  async function open(options: Partial<SshPluginOptions> = {}): Promise<Capstan> {
    plugin = sshPlugin({ hosts: [], privateKeyPath: env.SSH_KEY as string, knownHosts: join(env.SSH_INFRA ?? '', 'known_hosts'), connectTimeoutMs: 5_000, ...options })
    capstan = await createCapstan({ plugins: [plugin], strict: true })
    return capstan
  }

  function emptyKnownHosts(): string {
    const file = join(scratchDir('capstan-ssh-adhoc-'), 'known_hosts')
    writeFileSync(file, '')
    return file
  }

  it('runs a command on ssh://user@host:port, as that user, with the node named by the uri', async () => {
    const run = await open()
    const result = await run.command.run({ targets: uri, command: 'echo "$(id -un) on $((1 + 1))"' })
    expect(result.nodes.map((n) => [n.node, n.status, n.stdout])).toEqual([[uri, 'success', `${user} on 2\n`]])
    expect(result.plugins).toEqual(['ssh'])
    const { nodes } = await run.inventory.list({}, { refresh: true })
    expect(nodes).toEqual([])
    const { entries } = await run.journal.list({ executionId: result.id })
    expect(entries.map((e) => [e.node, e.source])).toEqual([[uri, 'ssh']])
  })

  it('reads user@host:port as ssh too', async () => {
    const run = await open()
    const result = await run.command.run({ targets: `${user}@${host}:${port}`, command: 'true' })
    expect(result.nodes.map((n) => [n.node, n.status])).toEqual([[uri, 'success']])
  })

  it('refuses an ad-hoc host missing from known_hosts by default, even with strictHostKeyChecking off', async () => {
    const run = await open({ knownHosts: emptyKnownHosts(), strictHostKeyChecking: false })
    const result = await run.command.run({ targets: uri, command: 'echo should-not-run' })
    const [node] = result.nodes
    expect(node).toMatchObject({ node: uri, status: 'error', error: { code: 'UNAVAILABLE' } })
    expect(node?.error?.message).toMatch(/host key unknown/)
    expect(node?.error?.message).toContain("adHocHostKeys: 'accept-new'")
    expect(node?.stdout).toBe('')
  })

  it("accepts it with adHocHostKeys: 'accept-new', and again on a new connection (its key held)", async () => {
    const run = await open({ knownHosts: emptyKnownHosts(), adHocHostKeys: 'accept-new', pool: { idleMs: 0 } })
    for (const attempt of [1, 2]) {
      const result = await run.command.run({ targets: uri, command: `echo attempt ${attempt}` })
      expect(result.nodes.map((n) => [n.status, n.stdout])).toEqual([['success', `attempt ${attempt}\n`]])
      // Idle connections close at once (idleMs 0): the second attempt connects, and checks the key, again.
      await vi.waitFor(() => expect(plugin.poolStats().total).toBe(0))
    }
  })

  it('accept-new refuses a host that offers another key than the one held for it', async () => {
    const pins = new HostKeyPins()
    expect(pins.accept(host, port, Buffer.from('a key this server does not have'))).toBe(true)
    const error = await connectSsh(sshdTarget({ knownHosts: emptyKnownHosts(), hostKeyPins: pins })).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(error).toMatchObject({ code: 'UNAVAILABLE', retryable: false, details: { reason: 'host-key-mismatch' } })
    // Held to the key it first saw: a fresh holder accepts the real key, then that key again.
    const fresh = new HostKeyPins()
    const client = await connectSsh(sshdTarget({ knownHosts: emptyKnownHosts(), hostKeyPins: fresh }))
    try {
      expect(await execText(client, 'echo ok')).toBe('ok')
      expect(fresh.size).toBe(1)
    } finally {
      client.end()
    }
  })
})
