import { createHmac, randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { hostKeyFingerprint, hostKeyType, parseKnownHosts, verifyHostKey } from '../../src/connection/known-hosts.js'

function blob(type: string, body: string): Buffer {
  const t = Buffer.from(type)
  const b = Buffer.from(body)
  const out = Buffer.alloc(8 + t.length + b.length)
  out.writeUInt32BE(t.length, 0)
  t.copy(out, 4)
  out.writeUInt32BE(b.length, 4 + t.length)
  b.copy(out, 8 + t.length)
  return out
}
const keyA = blob('ssh-ed25519', 'a'.repeat(32))
const keyB = blob('ssh-ed25519', 'b'.repeat(32))
const line = (hosts: string, key: Buffer): string => `${hosts} ${hostKeyType(key)} ${key.toString('base64')}`

describe('known_hosts', () => {
  it('matches [host]:port entries and refuses another key', () => {
    const entries = parseKnownHosts(`# comment\n\n${line('[10.0.0.1]:2222', keyA)}\n`)
    expect(verifyHostKey(entries, '10.0.0.1', 2222, keyA)).toEqual({ status: 'match' })
    expect(verifyHostKey(entries, '10.0.0.1', 2222, keyB)).toEqual({ status: 'mismatch' })
    expect(verifyHostKey(entries, '10.0.0.1', 2223, keyA)).toEqual({ status: 'unknown' })
  })

  it('uses bare host entries for port 22 and when no [host]:port entry exists', () => {
    const entries = parseKnownHosts(line('web1,web2', keyA))
    expect(verifyHostKey(entries, 'web2', 22, keyA)).toEqual({ status: 'match' })
    expect(verifyHostKey(entries, 'web1', 2200, keyB)).toEqual({ status: 'mismatch' })
  })

  it('understands hashed, wildcard, negated and revoked entries', () => {
    const salt = randomBytes(20)
    const hash = createHmac('sha1', salt).update('[db]:2222').digest('base64')
    const entries = parseKnownHosts(
      [`|1|${salt.toString('base64')}|${hash} ${hostKeyType(keyA)} ${keyA.toString('base64')}`, line('*.example.com,!bad.example.com', keyB), `@revoked ${line('*', keyB)}`].join('\n'),
    )
    expect(verifyHostKey(entries, 'db', 2222, keyA)).toEqual({ status: 'match' })
    expect(verifyHostKey(entries, 'db', 2223, keyA)).toEqual({ status: 'unknown' })
    expect(verifyHostKey(entries, 'bad.example.com', 22, keyA)).toEqual({ status: 'unknown' })
    expect(verifyHostKey(entries, 'x.example.com', 22, keyB)).toEqual({ status: 'revoked' })
  })

  it('prints fingerprints like ssh-keygen -l', () => {
    expect(hostKeyFingerprint(keyA)).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/)
  })
})
