import { describe, expect, it } from 'vitest'
import { uriAuthority } from '../../src/inventory/uri-authority.js'

describe('uriAuthority', () => {
  it.each([
    ['web01', undefined, 'web01', undefined],
    ['web01:22', undefined, 'web01', '22'],
    ['admin@web01:2222', undefined, 'web01', '2222'],
    ['SSH://user@host.example.com:22/path', 'ssh', 'host.example.com', '22'],
    ['ssh://a@b@host:22', 'ssh', 'host', '22'],
    ['winrm://win01:5986/wsman?x=1#y', 'winrm', 'win01', '5986'],
    ['[::1]:22', undefined, '::1', '22'],
    ['ssh://root@[fe80::1]:2222', 'ssh', 'fe80::1', '2222'],
    ['[fe80::1]', undefined, 'fe80::1', undefined],
    ['[fe80::1]x22', undefined, 'fe80::1', undefined],
    ['[fe80::1', undefined, 'fe80::1', undefined],
    ['fe80::1', undefined, 'fe80::1', undefined],
    ['host:abc', undefined, 'host', undefined],
    ['host:', undefined, 'host', undefined],
    ['local://', 'local', undefined, undefined],
    ['ssh://user@:22', 'ssh', undefined, '22'],
    ['  web02:22  ', undefined, 'web02', '22'],
    ['', undefined, undefined, undefined],
  ])('%j -> scheme %s, host %s, port %s', (uri, scheme, host, port) => {
    expect(uriAuthority(uri)).toEqual({ scheme, host, port })
  })

  it('never reads the host from the path, query or fragment', () => {
    expect(uriAuthority('docker://app/other:99').host).toBe('app')
    expect(uriAuthority('docker://app/other:99').port).toBeUndefined()
    expect(uriAuthority('ssh://h?u@x:1').host).toBe('h')
    expect(uriAuthority('ssh://h#u@x:1').host).toBe('h')
  })
})
