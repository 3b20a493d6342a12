import { CapstanError, isCapstanError } from 'capstan'
import { describe, expect, it } from 'vitest'
import { DEFAULT_INVENTORY_FACTS, PuppetDbPlugin, puppetdbPlugin, PuppetDbPluginOptions } from '../src/index.js'
import { DEFAULT_GROUP_BY } from '../src/inventory/derive-groups.js'
import { catchError } from '@capstan/test-support/catch-error'

/** The CONFIG_ERROR `run` throws. */
function configError(run: () => unknown): CapstanError {
  const error = catchError(run)
  expect(isCapstanError(error, 'CONFIG_ERROR')).toBe(true)
  return error as CapstanError
}

const url = 'http://puppetdb.example.com:8080'

describe('PuppetDbPluginOptions defaults', () => {
  it('fills in paging, groups, facts, lookback, report cache and name', () => {
    const resolved = PuppetDbPluginOptions.parse({ url })
    expect(resolved).toMatchObject({
      url,
      pageSize: 500,
      groupBy: ['environment', 'role', 'trusted.extensions.pp_role'],
      inventoryFacts: ['os.family', 'os.name', 'os.release.major', 'kernel', 'networking.fqdn', 'networking.ip'],
      eventLookbackMs: 60_000,
      reportCacheSize: 1000,
      name: 'puppetdb',
      timeoutMs: 30_000,
    })
    expect(resolved.groupBy).toEqual([...DEFAULT_GROUP_BY])
    expect(resolved.inventoryFacts).toEqual([...DEFAULT_INVENTORY_FACTS])
  })

  it('gives each resolution its own default lists, so one caller cannot change another\'s', () => {
    const first = PuppetDbPluginOptions.parse({ url })
    first.groupBy.push('kernel')
    first.inventoryFacts.length = 0
    const second = PuppetDbPluginOptions.parse({ url })
    expect(second.groupBy).toEqual([...DEFAULT_GROUP_BY])
    expect(second.inventoryFacts).toEqual([...DEFAULT_INVENTORY_FACTS])
  })

  it('keeps what the caller gives', () => {
    const resolved = PuppetDbPluginOptions.parse({ url, pageSize: 1, groupBy: [], inventoryFacts: ['kernel'], eventLookbackMs: 0, reportCacheSize: 0, name: 'pdb-eu' })
    expect(resolved).toMatchObject({ pageSize: 1, groupBy: [], inventoryFacts: ['kernel'], eventLookbackMs: 0, reportCacheSize: 0, name: 'pdb-eu' })
  })
})

describe('puppetdbPlugin', () => {
  it('creates the plugin, named puppetdb by default, without contacting PuppetDB', () => {
    // Nothing listens on port 9 here: creating the plugin must not try.
    const plugin = puppetdbPlugin({ url: 'http://127.0.0.1:9' })
    expect(plugin).toBeInstanceOf(PuppetDbPlugin)
    expect(plugin.metadata).toMatchObject({ name: 'puppetdb', version: '0.1.0', coreRange: '^0.1.0' })
    expect(plugin.url).toBe('http://127.0.0.1:9')
  })

  it('takes its name from the options, for several PuppetDBs side by side', () => {
    expect(puppetdbPlugin({ url, name: 'puppetdb-eu' }).metadata.name).toBe('puppetdb-eu')
  })

  it('shows its URL without the password', () => {
    const plugin = puppetdbPlugin({ url: 'http://admin:s3cret@puppetdb.example.com:8080/' })
    expect(plugin.url).not.toContain('s3cret')
    expect(plugin.url).toContain('puppetdb.example.com:8080')
  })

  it.each([
    ['zero', 0],
    ['a fraction', 2.5],
    ['too large', 100_001],
    ['a string', '500'],
  ])('refuses a pageSize that is %s, naming pageSize', (_, pageSize) => {
    const error = configError(() => puppetdbPlugin({ url, pageSize: pageSize as number }))
    expect(error.details['field']).toBe('pageSize')
    expect(error.message).toMatch(/^Invalid puppetdbPlugin options: pageSize: /)
  })

  it.each(['os..family', '.os', 'os.', 'os family', 'facts["os"]', ''])('refuses the groupBy path %j, naming its index', (path) => {
    const error = configError(() => puppetdbPlugin({ url, groupBy: ['environment', path] }))
    expect(error.details['field']).toBe('groupBy[1]')
    expect(error.message).toContain('groupBy[1]: ')
  })

  it('refuses a bad inventoryFacts path the same way', () => {
    expect(configError(() => puppetdbPlugin({ url, inventoryFacts: ['os family'] })).details['field']).toBe('inventoryFacts[0]')
  })

  it.each(['PuppetDB', '1puppetdb', 'puppet_db', 'puppet db', ''])('refuses the name %j, naming name', (name) => {
    const error = configError(() => puppetdbPlugin({ url, name }))
    expect(error.details['field']).toBe('name')
  })

  it.each([
    ['eventLookbackMs', { eventLookbackMs: -1 }],
    ['reportCacheSize', { reportCacheSize: 1.5 }],
  ])('refuses a bad %s, naming it', (field, options) => {
    expect(configError(() => puppetdbPlugin({ url, ...options })).details['field']).toBe(field)
  })

  it('refuses a misspelt option, naming it', () => {
    const error = configError(() => puppetdbPlugin({ url, pagesize: 100 } as never))
    expect(error.details['field']).toBe('pagesize')
    expect(error.message).toContain('unknown field "pagesize"')
  })

  it('names every bad field in one error', () => {
    const error = configError(() => puppetdbPlugin({ url, pageSize: 0, name: 'X' }))
    expect((error.details['issues'] as Array<{ path: string }>).map((issue) => issue.path).sort()).toEqual(['name', 'pageSize'])
  })
})

describe('puppetdbPlugin: connection option errors pass through with their field path', () => {
  it.each([
    ['url', { url: '' }],
    ['url', { url: 'ftp://puppetdb.example.com' }],
    ['url', { url: 'http://puppetdb.example.com:8080/?x=1' }],
    ['tls', { url, tls: { rejectUnauthorized: true } }],
    ['tls.key', { url: 'https://puppetdb.example.com:8081', tls: { cert: '-----BEGIN CERTIFICATE-----' } }],
    ['timeoutMs', { url, timeoutMs: 0 }],
    ['retry.retries', { url, retry: { retries: -1 } }],
    ['circuitBreaker.failureThreshold', { url, circuitBreaker: { failureThreshold: 0 } }],
    ['token', { url, token: 'has spaces in it' }],
  ])('names %s', (field, options) => {
    const error = configError(() => puppetdbPlugin(options as never))
    expect(error.details['field']).toBe(field)
    expect(error.message).toContain(`${field}: `)
  })

  it('names tls.ca when the CA file cannot be read (checked when the plugin is created)', () => {
    const error = configError(() => puppetdbPlugin({ url: 'https://puppetdb.example.com:8081', tls: { ca: '/nonexistent/capstan/ca.pem' } }))
    expect(error.details['field']).toBe('tls.ca')
    expect(error.message).toContain('/nonexistent/capstan/ca.pem')
  })

  it('does not echo a password from a URL it refuses', () => {
    const error = configError(() => puppetdbPlugin({ url: 'http://admin:s3cret@puppetdb.example.com:8080/?x=1' }))
    expect(error.details['field']).toBe('url')
    expect(JSON.stringify({ message: error.message, details: error.details })).not.toContain('s3cret')
  })
})
