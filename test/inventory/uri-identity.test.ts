import { expect, it } from 'vitest'
import { linkNodes } from 'capstan/plugin-kit'
import { uriIdentity } from '../../src/inventory/uri-identity.js'

it('uses the uri host for linking only when it names the machine', () => {
  expect(uriIdentity('web01.example.com')).toBe('web01.example.com')
  expect(uriIdentity('ssh://root@web01.example.com:22')).toBe('web01.example.com')
  expect(uriIdentity('winrm://win01:5986')).toBe('win01')
  expect(uriIdentity('[2001:db8::1]:22')).toBe('2001:db8::1')
  expect(uriIdentity('web.example.com:2222')).toBeUndefined()
  expect(uriIdentity('ssh://web.example.com:2223')).toBeUndefined()
  expect(uriIdentity('local://one')).toBeUndefined()
  expect(uriIdentity('docker://app_1')).toBeUndefined()
})

it('keeps two endpoints on one host apart, and a local:// name from linking with a host of that name', () => {
  const nodes = linkNodes([
    { source: 'bolt', node: { id: 'c1', uri: 'docker-host.example.com:2222' } },
    { source: 'bolt', node: { id: 'c2', uri: 'docker-host.example.com:2223' } },
    { source: 'bolt', node: { id: 'local1', uri: 'local://one' } },
    { source: 'cmdb', node: { id: 'one' } },
  ])
  expect(nodes.map((n) => n.id)).toEqual(['c1', 'c2', 'local1', 'one'])
})
