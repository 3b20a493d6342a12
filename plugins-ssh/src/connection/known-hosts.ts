import { createHash, createHmac } from 'node:crypto'

/** What a known_hosts file says about the key a server offered. */
export type HostKeyVerdict =
  | { status: 'match' }
  | { status: 'unknown' }
  | { status: 'mismatch' }
  | { status: 'revoked' }

/** One line of a known_hosts file, as {@link parseKnownHosts} returns it. */
export interface KnownHostsEntry {
  /** `@revoked`, `@cert-authority`, or empty for an ordinary line. */
  marker: '' | '@revoked' | '@cert-authority'
  /** Host patterns (plain, wildcard, negated or hashed), as listed. */
  patterns: string[]
  /** `ssh-ed25519`, `ecdsa-sha2-nistp256`, ... */
  keyType: string
  /** The wire-format public key. */
  blob: Buffer
}

/** `SHA256:...` as `ssh-keygen -l` prints it, for a wire-format public key blob. */
export function hostKeyFingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`
}

/** The key type (`ssh-ed25519`, ...) at the start of a wire-format public key blob. */
export function hostKeyType(blob: Buffer): string {
  if (blob.length < 4) return ''
  const length = blob.readUInt32BE(0)
  return blob.subarray(4, 4 + length).toString('latin1')
}

/**
 * Parses OpenSSH known_hosts text. Plain, wildcard (`*`, `?`), negated (`!`)
 * and hashed (`|1|salt|hash`) host patterns are understood; `@cert-authority`
 * lines are kept but never match (certificates are not supported).
 */
export function parseKnownHosts(text: string): KnownHostsEntry[] {
  const entries: KnownHostsEntry[] = []
  for (const raw of text.split('\n')) {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) continue
    const fields = line.split(/\s+/)
    let marker: KnownHostsEntry['marker'] = ''
    if (fields[0] === '@revoked' || fields[0] === '@cert-authority') marker = fields.shift() as KnownHostsEntry['marker']
    const [hosts, keyType, base64] = fields
    if (hosts === undefined || keyType === undefined || base64 === undefined) continue
    entries.push({ marker, patterns: hosts.split(','), keyType, blob: Buffer.from(base64, 'base64') })
  }
  return entries
}

/**
 * Checks the key a server offered against known_hosts entries.
 *
 * Entries for `[host]:port` are looked up first; only when there are none are
 * entries for the bare `host` used (for port 22 the two names are the same). A
 * host whose chosen entries do not contain the offered key is a mismatch, even
 * when they only list another key type: OpenSSH refuses that case as well.
 */
export function verifyHostKey(entries: KnownHostsEntry[], host: string, port: number, blob: Buffer): HostKeyVerdict {
  const offeredType = hostKeyType(blob)
  const sameKey = (entry: KnownHostsEntry): boolean => entry.keyType === offeredType && entry.blob.equals(blob)
  const revoked = entries.filter((e) => e.marker === '@revoked')
  if (revoked.some(sameKey)) return { status: 'revoked' }
  const usable = entries.filter((e) => e.marker === '')
  const names = port === 22 ? [host] : [`[${host}]:${port}`, host]
  for (const name of names) {
    const forName = usable.filter((e) => matchesHost(e.patterns, name))
    if (forName.length === 0) continue
    return forName.some(sameKey) ? { status: 'match' } : { status: 'mismatch' }
  }
  return { status: 'unknown' }
}

function matchesHost(patterns: string[], name: string): boolean {
  let matched = false
  for (const pattern of patterns) {
    if (pattern.startsWith('!')) {
      if (matchesPattern(pattern.slice(1), name)) return false
    } else if (matchesPattern(pattern, name)) {
      matched = true
    }
  }
  return matched
}

function matchesPattern(pattern: string, name: string): boolean {
  if (pattern.startsWith('|1|')) {
    const [salt, hash] = pattern.slice(3).split('|')
    if (salt === undefined || hash === undefined) return false
    return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash
  }
  if (!/[*?]/.test(pattern)) return pattern.toLowerCase() === name.toLowerCase()
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')
  return new RegExp(`^${source}$`, 'i').test(name)
}
