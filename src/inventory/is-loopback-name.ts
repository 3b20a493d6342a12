import type { IdentityKind } from './identity-kind.js'

/**
 * True for names every machine has for itself (`localhost`, 127.0.0.0/8,
 * `::1`) or for none (`0.0.0.0`, `::`). Such a name in a uri, fact or alias
 * identifies no particular machine, so linking on it would merge unrelated
 * nodes (every `local` transport target shares `127.0.0.1`).
 */
export function isLoopbackName(key: string, kind: IdentityKind): boolean {
  if (kind === 'ip') return key.startsWith('127.') || key === '::1' || key === '0.0.0.0' || key === '::'
  return key === 'localhost' || key.startsWith('localhost.')
}
