import { uriAuthority } from './uri-authority.js'

/**
 * The host part of a node's `uri`, as written in inventories: `host`,
 * `host:port`, `user@host`, `ssh://user@host:22`, `[::1]:22`, or a bare IPv6
 * address. Returns undefined when there is no host (for example `local://`).
 * The result keeps its spelling; callers normalise it.
 */
export function hostOfUri(uri: string): string | undefined {
  return uriAuthority(uri).host
}
