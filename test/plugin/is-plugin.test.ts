import { describe, expect, it } from 'vitest'
import { BasePlugin } from '../../src/plugin/base-plugin.js'
import { isPlugin } from '../../src/plugin/is-plugin.js'

class RealPlugin extends BasePlugin {
  readonly metadata = { name: 'real', version: '1.0.0', integrationTypes: ['inventory' as const] }
  protected async performInitialization(): Promise<void> {}
  capabilities() {
    return {}
  }
}

const duck = {
  metadata: { name: 'duck' },
  initialize: async () => {},
  healthCheck: async () => ({}),
  dispose: async () => {},
  capabilities: () => ({}),
}

describe('isPlugin', () => {
  it('accepts a BasePlugin subclass', () => {
    expect(isPlugin(new RealPlugin())).toBe(true)
  })

  it('accepts a plain object of the same shape, as a plugin built against another copy of the core is', () => {
    expect(isPlugin(duck)).toBe(true)
  })

  it.each([
    ['null', null],
    ['a function', () => duck],
    ['no metadata', { ...duck, metadata: undefined }],
    ['a metadata without a name', { ...duck, metadata: { version: '1.0.0' } }],
    ['no dispose', { ...duck, dispose: undefined }],
    ['capabilities as an object', { ...duck, capabilities: {} }],
  ])('rejects %s', (_label, value) => {
    expect(isPlugin(value)).toBe(false)
  })
})
