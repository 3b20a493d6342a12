import { describe, expect, it } from 'vitest'
import { nodeIdentities } from '../../src/inventory/node-identities.js'

describe('nodeIdentities', () => {
  it('lists the id first, then every other name, each spelling once', () => {
    const identities = nodeIdentities({
      id: 'Web01.Example.com',
      name: 'web01',
      aliases: ['web01', 'web01.example.com'],
      identifiers: ['10.0.0.5'],
      uri: 'ssh://admin@10.0.0.5:22',
      facts: { fqdn: 'web01.example.com', networking: { ip: '10.0.0.5', fqdn: 'Web01.Example.com' }, trusted: { certname: 'web01.example.com' }, ipaddress: 7 },
    })
    expect(identities).toEqual([
      { raw: 'Web01.Example.com', key: 'web01.example.com', kind: 'fqdn' },
      { raw: 'web01', key: 'web01', kind: 'short' },
      // Another spelling of the id is kept: the merged node picks the best spelling among all of them.
      { raw: 'web01.example.com', key: 'web01.example.com', kind: 'fqdn' },
      { raw: '10.0.0.5', key: '10.0.0.5', kind: 'ip' },
    ])
  })

  it('reads the certname facts and ignores loopback names other than the id', () => {
    expect(nodeIdentities({ id: 'localhost', uri: '127.0.0.1', facts: { certname: 'box.example.com', networking: { ip: '::1' } } }).map((i) => i.raw)).toEqual([
      'localhost',
      'box.example.com',
    ])
  })
})
