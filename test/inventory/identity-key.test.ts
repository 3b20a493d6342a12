import { describe, expect, it } from 'vitest'
import { identityKey } from '../../src/inventory/identity-key.js'
import { identityKind } from '../../src/inventory/identity-kind.js'

describe('identityKey', () => {
  it('lower-cases, trims and drops the root dot', () => {
    expect(identityKey('  Web01.Example.COM. ')).toBe('web01.example.com')
  })

  it('canonicalises IPv6 addresses', () => {
    expect(identityKey('0:0:0:0:0:0:0:1')).toBe('::1')
    expect(identityKey('FE80:0::1')).toBe('fe80::1')
  })

  it('returns undefined for empty names', () => {
    expect(identityKey('  ')).toBeUndefined()
    expect(identityKey('.')).toBeUndefined()
  })
})

describe('identityKind', () => {
  it.each([
    ['web01.example.com', 'fqdn'],
    ['web01', 'short'],
    ['10.0.0.1', 'ip'],
    ['::1', 'ip'],
    ['1.2.3.400', 'fqdn'],
    ['host:with:colons', 'short'],
  ] as const)('%s is %s', (name, kind) => {
    expect(identityKind(name)).toBe(kind)
  })
})
