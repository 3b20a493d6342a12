import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { assertCoreRange, CORE_VERSION } from '../../src/plugin/core-version.js'
import { thrownBy } from '@capstan/test-support/errors'


describe('CORE_VERSION', () => {
  it('equals the version in package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
    expect(CORE_VERSION).toBe(pkg.version)
  })
})

describe('assertCoreRange', () => {
  it('accepts a range the core satisfies', () => {
    expect(() => assertCoreRange(`^${CORE_VERSION}`, 'plugin.json')).not.toThrow()
    expect(() => assertCoreRange('>=0.1.0 <1', 'plugin.json', { coreVersion: '0.9.9' })).not.toThrow()
  })

  it('names the plugin, the range and this version when the range is not satisfied', () => {
    const error = thrownBy(() => assertCoreRange('^2.0.0', '/p/plugin.json', { plugin: 'bolt', coreVersion: '0.1.0' }))
    expect(error.code).toBe('CONFIG_ERROR')
    expect(error.message).toBe('/p/plugin.json: core: plugin bolt supports capstan ^2.0.0, this is 0.1.0')
    expect(error.details).toMatchObject({ file: '/p/plugin.json', field: 'core', range: '^2.0.0', coreVersion: '0.1.0' })
  })

  it('counts prereleases of the core as satisfying', () => {
    expect(() => assertCoreRange('^0.1.0', 'plugin.json', { coreVersion: '0.1.1-rc.1' })).not.toThrow()
  })

  it('rejects a range that is not semver', () => {
    const error = thrownBy(() => assertCoreRange('latest', 'plugin.json'))
    expect(error.message).toBe('plugin.json: core: "latest" is not a valid semver range')
  })
})
