import type { KillTarget } from './stop-script.js'

/** What a remote command's wrapper announced on its first stderr line. */
export interface SessionMarker {
  /** What stopping the command kills: its process group, or only its own pid. */
  target: KillTarget
  /** The login shell (`$SHELL`), when the wrapper named it. */
  shell: string | undefined
}

/**
 * Reads the line the wrapper prints first on stderr (see `wrapRemoteCommand`):
 * `<nonce> group <pgid> shell <$SHELL>`, or `<nonce> pid <pid>` when the
 * command could not get a process group of its own. Undefined for any other
 * line: the wrapper did not run (a login shell that is not POSIX?).
 */
export function readSessionMarker(line: string, nonce: string): SessionMarker | undefined {
  const match = new RegExp(`^${nonce} (group|pid) (\\d+)(?: shell (.*))?$`).exec(line)
  if (match === null) return undefined
  return { target: { kind: match[1] as KillTarget['kind'], id: Number(match[2]) }, shell: match[3] === '' ? undefined : match[3] }
}
