/** The parts of a node's `uri` that say which machine it reaches. */
export interface UriAuthority {
  /** The scheme, lower-cased, or undefined when the uri has none (`host:22`). */
  scheme: string | undefined
  /** The host as written (without brackets), or undefined when there is none (`local://`). */
  host: string | undefined
  /** The port digits, or undefined when none is given (or what follows the colon is not a number). */
  port: string | undefined
}

/**
 * Reads scheme, host and port from a uri as inventories write it: `host`,
 * `host:port`, `user@host`, `ssh://user@host:22`, `[::1]:22`, or a bare IPv6
 * address. One pass with `indexOf`, no regular expression or URL parser:
 * linking reads the uri of every record in the inventory.
 */
export function uriAuthority(uri: string): UriAuthority {
  const text = uri.trim()
  const schemeEnd = text.indexOf('://')
  const scheme = schemeEnd < 0 ? undefined : text.slice(0, schemeEnd).toLowerCase()
  const start = schemeEnd < 0 ? 0 : schemeEnd + 3
  // Path, query and fragment never hold the host; user info ends at the last '@'.
  const end = authorityEnd(text, start)
  const hostStart = Math.max(start, text.lastIndexOf('@', end - 1) + 1)
  if (text.charCodeAt(hostStart) === 91 /* [ */) {
    const close = text.indexOf(']', hostStart)
    if (close < 0 || close >= end) return { scheme, host: nonEmpty(text.slice(hostStart + 1, end)), port: undefined }
    return { scheme, host: nonEmpty(text.slice(hostStart + 1, close)), port: bracketedPort(text, hostStart, end) }
  }
  const colon = text.indexOf(':', hostStart)
  if (colon < 0 || colon >= end) return { scheme, host: nonEmpty(text.slice(hostStart, end)), port: undefined }
  // A second colon without brackets can only be a bare IPv6 address, which has no port.
  const second = text.indexOf(':', colon + 1)
  if (second >= 0 && second < end) return { scheme, host: nonEmpty(text.slice(hostStart, end)), port: undefined }
  return { scheme, host: nonEmpty(text.slice(hostStart, colon)), port: digits(text, colon + 1, end) }
}

/** Where the authority that starts at `start` ends: the first '/', '?' or '#', or the end of the text. */
function authorityEnd(text: string, start: number): number {
  for (let i = start; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code === 47 /* / */ || code === 63 /* ? */ || code === 35 /* # */) return i
  }
  return text.length
}

/** The digits that end `text[from, to)` right after a `]:`, else undefined (`[::1]:22`). */
function bracketedPort(text: string, from: number, to: number): string | undefined {
  let first = to
  while (first > from && text.charCodeAt(first - 1) >= 48 && text.charCodeAt(first - 1) <= 57) first--
  if (first === to || first - 2 < from || text.charCodeAt(first - 1) !== 58 || text.charCodeAt(first - 2) !== 93) return undefined
  return text.slice(first, to)
}

/** `text[from, to)` when it is one or more ASCII digits, else undefined. */
function digits(text: string, from: number, to: number): string | undefined {
  if (from >= to) return undefined
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i)
    if (code < 48 || code > 57) return undefined
  }
  return text.slice(from, to)
}

function nonEmpty(host: string): string | undefined {
  return host === '' ? undefined : host
}
