import { describe, expect, it } from 'vitest'
import { parseProxyJump } from '../../src/connection/proxy-jump.js'

describe('parseProxyJump', () => {
  it('reads [user@]host[:port]', () => {
    expect(parseProxyJump('bastion')).toEqual([{ host: 'bastion' }])
    expect(parseProxyJump('ops@bastion:2200')).toEqual([{ user: 'ops', host: 'bastion', port: 2200 }])
    expect(parseProxyJump('10.0.0.1:22')).toEqual([{ host: '10.0.0.1', port: 22 }])
  })

  it('reads a comma-separated chain, first hop first', () => {
    expect(parseProxyJump('a@one, two:2222 ,ssh://c@three:2022')).toEqual([
      { user: 'a', host: 'one' },
      { host: 'two', port: 2222 },
      { user: 'c', host: 'three', port: 2022 },
    ])
  })

  it('reads ssh:// URIs and IPv6 addresses', () => {
    expect(parseProxyJump('ssh://ops@bastion')).toEqual([{ user: 'ops', host: 'bastion' }])
    expect(parseProxyJump('ssh://[2001:db8::1]:2200/')).toEqual([{ host: '2001:db8::1', port: 2200 }])
    expect(parseProxyJump('ops@[::1]:22')).toEqual([{ user: 'ops', host: '::1', port: 22 }])
    expect(parseProxyJump('fe80::1')).toEqual([{ host: 'fe80::1' }])
  })

  it('fills in defaults only where the value says nothing', () => {
    expect(parseProxyJump('a,ops@b:2200', { user: 'deploy', port: 22 })).toEqual([
      { user: 'deploy', host: 'a', port: 22 },
      { user: 'ops', host: 'b', port: 2200 },
    ])
  })

  it('treats none as no jump', () => {
    expect(parseProxyJump('none')).toEqual([])
    expect(parseProxyJump(' NONE ')).toEqual([])
  })

  it.each(['', 'a,,b', 'host:0', 'host:70000', 'host:ssh', '@host', 'ssh://host/path', 'a b', '[::1'])('refuses %j with CONFIG_ERROR naming the value', (value) => {
    expect(() => parseProxyJump(value)).toThrow(expect.objectContaining({ code: 'CONFIG_ERROR', details: expect.objectContaining({ value }) }))
  })
})
