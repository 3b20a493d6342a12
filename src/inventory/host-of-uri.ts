/**
 * The host part of a node's `uri`, as written in inventories: `host`,
 * `host:port`, `user@host`, `ssh://user@host:22`, `[::1]:22`, or a bare IPv6
 * address. Returns undefined when there is no host (for example `local://`).
 * The result keeps its spelling; callers normalise it.
 */
export function hostOfUri(uri: string): string | undefined {
  let rest = uri.trim()
  const scheme = rest.indexOf('://')
  if (scheme >= 0) rest = rest.slice(scheme + 3)
  // Path, query and fragment never hold the host.
  rest = rest.slice(0, firstIndexOf(rest, '/?#'))
  rest = rest.slice(rest.lastIndexOf('@') + 1)
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']')
    return nonEmpty(close < 0 ? rest.slice(1) : rest.slice(1, close))
  }
  const colon = rest.indexOf(':')
  // A second colon without brackets can only be a bare IPv6 address, which has no port.
  if (colon < 0 || rest.indexOf(':', colon + 1) >= 0) return nonEmpty(rest)
  return nonEmpty(rest.slice(0, colon))
}

function firstIndexOf(text: string, characters: string): number {
  let first = text.length
  for (const character of characters) {
    const at = text.indexOf(character)
    if (at >= 0 && at < first) first = at
  }
  return first
}

function nonEmpty(host: string): string | undefined {
  return host === '' ? undefined : host
}
