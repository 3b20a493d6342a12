import { createHash } from 'node:crypto'
import { targetKey, type SshTarget } from './ssh-target.js'

/**
 * What makes two targets able to share one connection: the same
 * `user@host:port`, reached through the same jump chain, authenticated with
 * the same key (or agent). Two inventory entries for one server with different
 * keys must not share a connection the first one authenticated. The key
 * material is hashed, never kept in the string.
 */
export function connectionIdentity(target: SshTarget): string {
  const hash = createHash('sha256')
  if (target.privateKey !== undefined) hash.update(target.privateKey)
  hash.update(`\0${target.passphrase ?? ''}\0${target.agent ?? ''}\0${target.knownHosts}\0${target.strictHostKeyChecking ?? true}\0${target.hostKeyPins === undefined ? '' : 'accept-new'}`)
  const via = target.jump === undefined ? '' : ` via ${connectionIdentity(target.jump)}`
  return `${targetKey(target)}#${hash.digest('hex').slice(0, 16)}${via}`
}
