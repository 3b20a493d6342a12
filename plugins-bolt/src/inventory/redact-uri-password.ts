/**
 * `uri` without the password of its user info: `ssh://root:s3cret@host:22`
 * becomes `ssh://root@host:22`. Bolt names a target without a `name` by its
 * URI, password and all (an ad-hoc `-t ssh://user:pass@host`), and a node's
 * id, name and uri are shown and logged everywhere.
 */
export function redactUriPassword(uri: string): string {
  // Only the authority (before the first '/', '?' or '#' after the scheme) can hold user info.
  const match = /^((?:[a-z][a-z0-9+.-]*:)?\/\/)?([^/?#@]*)@/i.exec(uri)
  if (match === null) return uri
  const userInfo = match[2] ?? ''
  const colon = userInfo.indexOf(':')
  if (colon < 0) return uri
  return `${match[1] ?? ''}${userInfo.slice(0, colon)}@${uri.slice(match[0].length)}`
}
