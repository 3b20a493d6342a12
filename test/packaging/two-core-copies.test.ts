// A host on the ESM build of the core (dist/index.js) with a plugin on the
// CommonJS build (dist/index.cjs, test/fixtures/cjs-core-plugin): two copies
// of CapstanError in one process, as an ESM application gets with a CJS
// plugin package. The plugin's errors must reach the host as what they are:
// a NOT_FOUND lets the next provider answer, a TIMEOUT or UNAVAILABLE keeps
// its code and `retryable`. The run's global setup has built dist/.
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'

type Core = typeof import('capstan')

interface CjsCorePlugin extends InstanceType<Core['BasePlugin']> {
  readonly calls: string[]
}

interface Failure {
  code: string
  message: string
  retryable?: boolean
  details?: Record<string, unknown>
}

interface CjsFixture {
  core: Core
  cjsCorePlugin: (failures: Record<string, Failure>) => CjsCorePlugin
}

const repoRoot = fileURLToPath(new URL('../../', import.meta.url))
const esm = (await import(pathToFileURL(join(repoRoot, 'dist', 'index.js')).href)) as Core
const cjs = createRequire(import.meta.url)(join(repoRoot, 'test', 'fixtures', 'cjs-core-plugin', 'index.cjs')) as CjsFixture

const node = 'web01.example.com'
const startsAt = '2025-01-01T00:00:00.000Z'

/** A plugin of the ESM copy that knows every node's facts and acknowledges every alert. */
class EsmCorePlugin extends esm.BasePlugin {
  readonly metadata = { name: 'esm-core', version: '0.0.0-test', integrationTypes: ['facts' as const, 'alerts' as const] }

  capabilities() {
    return {
      'info.facts': async ({ node: name }: { node: string }) => ({ node: name, source: 'esm-core', gatheredAt: startsAt, facts: { kernel: 'Linux' } }),
      'alert.acknowledge': async ({ id }: { id: string }) => ({
        alert: { id, name: 'disk', severity: 'warning' as const, state: 'acknowledged' as const, summary: '', labels: {}, annotations: {}, startsAt, acknowledgedBy: 'esm-core' },
      }),
    }
  }

  protected async performInitialization(): Promise<void> {}
}

/** The ESM host with the CJS plugin at priority 10 in front of the ESM one, for `use`; closed afterwards. */
async function withHost<T>(failures: Record<string, Failure>, use: (capstan: InstanceType<Core['Capstan']>, plugin: CjsCorePlugin) => Promise<T>): Promise<T> {
  const plugin = cjs.cjsCorePlugin(failures)
  const capstan = await esm.createCapstan({ plugins: [{ plugin, priority: 10 }, new EsmCorePlugin()] })
  try {
    return await use(capstan, plugin)
  } finally {
    await capstan.close()
  }
}

/** What `promise` rejected with; fails the test when it resolves. */
async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.unreachable('expected the call to fail'),
    (error: unknown) => error,
  )
}

describe('a CJS plugin under an ESM host', () => {
  it('runs two distinct copies of the core, so the test says something', () => {
    expect(cjs.core.CapstanError).not.toBe(esm.CapstanError)
    expect(cjs.core.createCapstan).not.toBe(esm.createCapstan)
  })

  it('falls through to the next provider of info.facts on the CJS copy\'s NOT_FOUND', async () => {
    const facts = await withHost({ 'info.facts': { code: 'NOT_FOUND', message: `${node} is not known here` } }, async (capstan, plugin) => {
      const answer = await capstan.facts.get(node)
      expect(plugin.calls).toEqual(['info.facts'])
      return answer
    })
    expect(facts).toMatchObject({ node, source: 'esm-core', facts: { kernel: 'Linux' } })
  })

  it('falls through to the next backend of an action (alert.acknowledge), which only a NOT_FOUND allows', async () => {
    const { alert } = await withHost({ 'alert.acknowledge': { code: 'NOT_FOUND', message: 'no alert a1' } }, async (capstan, plugin) => {
      const answer = await capstan.alerts.acknowledge({ id: 'a1' })
      expect(plugin.calls).toEqual(['alert.acknowledge'])
      return answer
    })
    expect(alert.acknowledgedBy).toBe('esm-core')
  })

  it('keeps the code, message, details and retryable of the CJS copy\'s UNAVAILABLE, and stops the action there', async () => {
    const failure = { code: 'UNAVAILABLE', message: 'Alertmanager returned 503', retryable: true, details: { status: 503 } }
    const error = await withHost({ 'alert.acknowledge': failure }, (capstan) => rejectionOf(capstan.alerts.acknowledge({ id: 'a1' })))
    expect(esm.isCapstanError(error, 'UNAVAILABLE')).toBe(true)
    expect(error).toMatchObject({ message: 'Alertmanager returned 503', retryable: true, details: { status: 503, plugin: 'cjs-core', capability: 'alert.acknowledge' } })
  })

  it('keeps the CJS copy\'s retryable TIMEOUT when only that plugin is asked', async () => {
    const failure = { code: 'TIMEOUT', message: 'facter did not answer', retryable: true }
    const error = await withHost({ 'info.facts': failure }, (capstan) => rejectionOf(capstan.facts.get(node, { plugin: 'cjs-core' })))
    expect(esm.isCapstanError(error, 'TIMEOUT')).toBe(true)
    expect(error).toMatchObject({ message: 'facter did not answer', retryable: true })
  })

  it('has the ESM copy\'s instanceof, isCapstanError and toCapstanError accept the CJS copy\'s error as it is', () => {
    const cause = new Error('socket closed')
    const error = new cjs.core.CapstanError('UNAVAILABLE', { message: 'PuppetDB is down', retryable: true, details: { plugin: 'cjs-core' }, cause })
    expect(Object.getPrototypeOf(error)).not.toBe(esm.CapstanError.prototype)
    expect(error instanceof esm.CapstanError).toBe(true)
    expect(esm.isCapstanError(error, 'UNAVAILABLE')).toBe(true)
    expect(esm.toCapstanError(error)).toBe(error)
    expect(esm.toCapstanError(error)).toMatchObject({ code: 'UNAVAILABLE', message: 'PuppetDB is down', retryable: true, details: { plugin: 'cjs-core' }, cause })
    expect(esm.httpStatusOf(error)).toBe(503)
  })

  it('has the CJS copy recognise the ESM copy\'s errors too', () => {
    const error = new esm.CapstanError('NOT_FOUND')
    expect(error instanceof cjs.core.CapstanError).toBe(true)
    expect(cjs.core.isCapstanError(error, 'NOT_FOUND')).toBe(true)
  })
})
