// The plugin over HTTPS against the real PuppetDB of test/infra, which
// requires a client certificate signed by its CA (Jetty `client-auth = need`):
// what works, what each TLS mistake is reported as, and which mistakes are
// caught when the plugin is created rather than when it first connects.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { createTestCapstan } from 'capstan/testing'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { puppetdbSetup } from './dataset/shared-dataset.js'
import { puppetdbPlugin, type PuppetDbPluginOptions } from '../../src/index.js'
import { hostOf, RequestLog, thrown } from './live-support.js'
import { puppetDbRunning, puppetDbTls } from './requirements.js'
import { needs } from '@capstan/test-support/requirement'

const setup = await puppetdbSetup()
const tlsUrl = setup?.tlsUrl
const tlsDir = setup?.tlsDir ?? ''
const file = (name: string) => path.join(tlsDir, name)
const paths = () => ({ ca: file('ca.pem'), cert: file('client.pem'), key: file('client.key') })

needs(puppetDbRunning, puppetDbTls).describe('PuppetDB over mutual TLS', () => {
  const url = tlsUrl!
  const host = hostOf(url)
  let log: RequestLog

  beforeAll(() => {
    log = new RequestLog()
  })
  afterAll(() => log.close())

  /** A test Capstan with one PuppetDB plugin on the TLS port, and the requests its start-up sent. */
  async function start(tls: PuppetDbPluginOptions['tls'], extra: Partial<PuppetDbPluginOptions> = {}) {
    const plugin = puppetdbPlugin({ url, tls, ...extra })
    const mark = log.requests.length
    const capstan = await createTestCapstan({ plugins: [plugin] })
    const startupRequests = log.since(mark, (r) => r.host === host)
    return { capstan, plugin, startupRequests, [Symbol.asyncDispose]: () => capstan.close() }
  }

  /** Every dataset node is listed once, and the deactivated node is not. */
  function expectDatasetNodes(ids: string[]): void {
    const dataset = new Set(setup!.dataset.nodes.map((n) => n.certname))
    // Compared on the dataset's own nodes: a benchmark may have stored others in the same PuppetDB.
    expect(ids.filter((id) => dataset.has(id)).sort()).toEqual([...dataset].sort())
    expect(ids).not.toContain(setup!.dataset.deactivated)
  }

  test('reads the inventory with ca, cert and key given as file paths', async () => {
    await using started = await start(paths())
    const { capstan, plugin } = started
    expect(plugin.state).toBe('ready')
    const { nodes, sources } = await capstan.inventory.list()
    expect(sources).toEqual([expect.objectContaining({ plugin: 'puppetdb', ok: true })])
    expectDatasetNodes(nodes.map((n) => n.id))
    const health = await capstan.health({ refresh: true })
    expect(health.plugins['puppetdb']).toMatchObject({ status: 'healthy', state: 'ready', details: { url, state: 'running' } })
  })

  test('reads the inventory with ca, cert and key given as PEM text', async () => {
    const pem = Object.fromEntries(Object.entries(paths()).map(([field, p]) => [field, readFileSync(p, 'utf8')]))
    expect(pem['key']).toMatch(/^-----BEGIN/)
    await using started = await start(pem)
    const { nodes } = await started.capstan.inventory.list()
    expectDatasetNodes(nodes.map((n) => n.id))
  })

  test('without a client certificate the plugin fails to start: UNAVAILABLE, not retried, asking for a certificate', async () => {
    // Default retry settings (3 retries): a retryable failure would be sent four times.
    await using started = await start({ ca: file('ca.pem') })
    const { capstan, plugin, startupRequests } = started
    expect(plugin.state).toBe('failed')
    const error = plugin.initializationError!
    expect(error).toMatchObject({ code: 'UNAVAILABLE', retryable: false })
    expect(error.message).toMatch(/requires a client certificate/)
    expect(error.message).toMatch(/set tls\.cert and tls\.key/)
    expect(startupRequests.map((r) => r.path)).toEqual(['/pdb/meta/v1/version'])

    const health = await capstan.health()
    expect(health.status).toBe('unhealthy')
    expect(health.plugins['puppetdb']).toMatchObject({ status: 'unhealthy', state: 'failed', message: error.message })
    expect(capstan.plugins()).toEqual([expect.objectContaining({ name: 'puppetdb', state: 'failed' })])
    // A call to a plugin that did not start says which plugin, and why.
    await expect(capstan.events.list({})).rejects.toMatchObject({ code: 'PLUGIN_UNAVAILABLE', message: expect.stringContaining('requires a client certificate') })
  })

  test('a client certificate from a CA PuppetDB does not trust is rejected, and the message says so', async () => {
    await using started = await start({ ca: file('ca.pem'), cert: file('stranger.pem'), key: file('stranger.key') })
    const { plugin, startupRequests } = started
    expect(plugin.state).toBe('failed')
    expect(plugin.initializationError).toMatchObject({ code: 'UNAVAILABLE', retryable: false })
    expect(plugin.initializationError!.message).toMatch(/rejected our client certificate/)
    expect(plugin.initializationError!.message).toMatch(/tls\.cert is signed by the CA PuppetDB trusts/)
    expect(startupRequests).toHaveLength(1)
  })

  test('without tls.ca the server certificate does not verify, and the advice is to set tls.ca', async () => {
    await using started = await start({ cert: file('client.pem'), key: file('client.key') })
    const { plugin, startupRequests } = started
    expect(plugin.state).toBe('failed')
    const error = plugin.initializationError!
    expect(error).toMatchObject({ code: 'UNAVAILABLE', retryable: false })
    expect(error.message).toMatch(/Cannot verify the TLS certificate of PuppetDB at https:\/\/127\.0\.0\.1:8081/)
    expect(error.message).toMatch(/set tls\.ca to the CA that signed it/)
    expect(startupRequests).toHaveLength(1)
  })

  test('a tls.ca that is not the server\'s CA fails the same way, saying tls.ca holds the wrong CA', async () => {
    await using started = await start({ ca: file('other-ca.pem'), cert: file('client.pem'), key: file('client.key') })
    expect(started.plugin.initializationError).toMatchObject({ code: 'UNAVAILABLE', retryable: false })
    expect(started.plugin.initializationError!.message).toMatch(/tls\.ca does not hold the CA that signed it/)
  })

  test('without tls.ca but with rejectUnauthorized: false, given explicitly, it works', async () => {
    await using started = await start({ cert: file('client.pem'), key: file('client.key'), rejectUnauthorized: false })
    expect(started.plugin.state).toBe('ready')
    const { nodes } = await started.capstan.inventory.list()
    expectDatasetNodes(nodes.map((n) => n.id))
  })

  describe('options are checked when the plugin is created, naming the field', () => {
    test('tls with an http url', () => {
      const error = thrown(() => puppetdbPlugin({ url: setup!.dataset.url, tls: paths() }))
      expect(error.code).toBe('CONFIG_ERROR')
      expect(error.details['field']).toBe('tls')
      expect(error.message).toMatch(/tls: is only allowed with an https url/)
    })

    test('a client certificate without its key', () => {
      const error = thrown(() => puppetdbPlugin({ url, tls: { ca: file('ca.pem'), cert: file('client.pem') } }))
      expect(error.code).toBe('CONFIG_ERROR')
      expect(error.details['field']).toBe('tls.key')
      expect(error.message).toMatch(/tls\.key: is required when tls\.cert is given/)
    })

    test('a CA file that does not exist', () => {
      const missing = file('no-such-ca.pem')
      const error = thrown(() => puppetdbPlugin({ url, tls: { ...paths(), ca: missing } }))
      expect(error.code).toBe('CONFIG_ERROR')
      expect(error.details['field']).toBe('tls.ca')
      expect(error.message).toContain(`tls.ca: cannot read file "${missing}" (ENOENT)`)
    })

    test('a certificate path that cannot be read as a file (a directory)', () => {
      // The suite runs as root, for whom file modes do not stop a read; a directory does.
      const error = thrown(() => puppetdbPlugin({ url, tls: { ...paths(), cert: tlsDir } }))
      expect(error.code).toBe('CONFIG_ERROR')
      expect(error.details['field']).toBe('tls.cert')
      expect(error.message).toMatch(/tls\.cert: cannot read file ".*" \(EISDIR\)/)
    })

    test('a key that is not the certificate\'s', () => {
      const error = thrown(() => puppetdbPlugin({ url, tls: { ...paths(), key: file('stranger.key') } }))
      expect(error.code).toBe('CONFIG_ERROR')
      expect(error.details['field']).toBe('tls.key')
      expect(error.message).toMatch(/is not the private key of the certificate in tls\.cert/)
      // A key is a secret: its text never appears in the error.
      expect(error.message).not.toContain('PRIVATE KEY')
    })
  })
})
