import { describe, expect, it } from 'vitest'
import { thrownBy } from '@capstan/test-support/errors'
import { isUriTarget, parseUriTarget } from '../../src/inventory/ad-hoc-uri.js'

describe('parseUriTarget', () => {
  it.each([
    ['ssh://capstan@127.0.0.1:2222', { uri: 'ssh://capstan@127.0.0.1:2222', transport: 'ssh', host: '127.0.0.1', port: 2222, user: 'capstan' }],
    ['SSH://Web01.Example.COM', { uri: 'ssh://web01.example.com', transport: 'ssh', host: 'web01.example.com' }],
    ['ssh://Web01.Example.com.', { uri: 'ssh://web01.example.com', transport: 'ssh', host: 'web01.example.com' }],
    ['ssh://web01:22/', { uri: 'ssh://web01:22', transport: 'ssh', host: 'web01', port: 22 }],
    ['ssh://web01:0022', { uri: 'ssh://web01:22', transport: 'ssh', host: 'web01', port: 22 }],
    ['winrm://win01:5986', { uri: 'winrm://win01:5986', transport: 'winrm', host: 'win01', port: 5986 }],
    ['local://Build_Box', { uri: 'local://Build_Box', transport: 'local', host: 'Build_Box' }],
    ['ssh://[::1]:22', { uri: 'ssh://[::1]:22', transport: 'ssh', host: '::1', port: 22 }],
    ['ssh://[0:0:0:0:0:0:0:1]', { uri: 'ssh://[::1]', transport: 'ssh', host: '::1' }],
    ['ssh://root@[2001:DB8::1]:2200', { uri: 'ssh://root@[2001:db8::1]:2200', transport: 'ssh', host: '2001:db8::1', port: 2200, user: 'root' }],
    ['ssh://first.last@db01', { uri: 'ssh://first.last@db01', transport: 'ssh', host: 'db01', user: 'first.last' }],
    ['ssh://first%2Elast@db01', { uri: 'ssh://first.last@db01', transport: 'ssh', host: 'db01', user: 'first.last' }],
    ['ssh://ad%5Cops@db01', { uri: 'ssh://ad%5Cops@db01', transport: 'ssh', host: 'db01', user: 'ad\\ops' }],
  ])('reads %s', (written, expected) => {
    expect(parseUriTarget(written)).toEqual(expected)
  })

  it('reads user@host[:port] without a scheme as ssh, as Bolt and Ansible do', () => {
    expect(parseUriTarget('deploy@10.0.0.5:2222')).toEqual({ uri: 'ssh://deploy@10.0.0.5:2222', transport: 'ssh', host: '10.0.0.5', port: 2222, user: 'deploy' })
    expect(parseUriTarget('deploy@[::1]')?.uri).toBe('ssh://deploy@[::1]')
  })

  it('leaves names that are not uri targets alone: a bare host or host:port stays an inventory name', () => {
    for (const name of ['web01', '10.0.0.5', 'web01:2222', 'web*', 'group:web', 'all']) {
      expect(isUriTarget(name), name).toBe(false)
      expect(parseUriTarget(name), name).toBeUndefined()
    }
  })

  it.each([
    ['ssh://', 'host'],
    ['ssh://web 01', 'host'],
    ['ssh://web*', 'host'],
    ['ssh://we%62', 'host'],
    ['ssh://::1', 'host'],
    ['ssh://[web01]', 'host'],
    ['ssh://[::1]x', 'host'],
    ['ssh://[fe80::1%25eth0]:22', 'host'],
    ['ssh://[fe80::1%eth0]', 'host'],
    ['ssh://web01:0', 'port'],
    ['ssh://web01:65536', 'port'],
    ['ssh://web01:ssh', 'port'],
    ['ssh://web01/etc', 'path'],
    ['ssh://web01?x=1', 'path'],
    ['ssh://web01#x', 'path'],
    ['s_h://web01', 'scheme'],
    ['1ssh://web01', 'scheme'],
    ['ssh://@web01', 'user'],
    ['ssh://us er@web01', 'user'],
    ['ssh://bad%zz@web01', 'user'],
    ['ssh://nul%00@web01', 'user'],
  ])('refuses %s: VALIDATION_ERROR naming targets, reason %s', (written, reason) => {
    const error = thrownBy(() => parseUriTarget(written))
    expect(error.code).toBe('VALIDATION_ERROR')
    expect(error.details).toMatchObject({ field: 'targets', reason })
    expect(error.message).toContain('targets')
  })

  it.each(['ssh://deploy:hunter2secret@web01', 'deploy:hunter2secret@web01:22', 'ssh://deploy:hunter2secret@web01/x?y#z', 'ssh://deploy:hunter2secret@we*', 'ssh://deploy:@web01'])(
    'refuses a password in %s without echoing it',
    (written) => {
      const error = thrownBy(() => parseUriTarget(written))
      expect(error.code).toBe('VALIDATION_ERROR')
      expect(error.details).toMatchObject({ field: 'targets', reason: 'password' })
      expect(JSON.stringify(error.toJSON())).not.toContain('hunter2')
      expect(error.message).not.toContain('deploy')
    },
  )
})
