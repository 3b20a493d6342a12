import { describe, expect, it } from 'vitest'
import { hostOfUri } from '../../src/inventory/host-of-uri.js'

describe('hostOfUri', () => {
  it.each([
    ['web01', 'web01'],
    ['web01.example.com:22', 'web01.example.com'],
    ['admin@web01', 'web01'],
    ['ssh://user@host.example.com:22', 'host.example.com'],
    ['winrm://win01:5986/wsman', 'win01'],
    ['[::1]:22', '::1'],
    ['ssh://root@[fe80::1]:2222', 'fe80::1'],
    ['fe80::1', 'fe80::1'],
    ['10.0.0.5:22', '10.0.0.5'],
    ['docker://app?x=1', 'app'],
    ['  web02  ', 'web02'],
  ])('%s -> %s', (uri, host) => {
    expect(hostOfUri(uri)).toBe(host)
  })

  it.each(['', 'local://', 'ssh://user@:22', '[]:22'])('%j has no host', (uri) => {
    expect(hostOfUri(uri)).toBeUndefined()
  })
})
