import { basename } from 'node:path'
import type { Client } from 'ssh2'

/** Login shells that run the wrapper script as it is (POSIX sh and its supersets). */
const POSIX_SHELLS = new Set(['sh', 'dash', 'bash', 'ash', 'busybox', 'ksh', 'mksh', 'yash'])

/** Connections whose login shell is known to be POSIX and to give each session its own process group. */
const posixClients = new WeakSet<Client>()

/**
 * Notes what the wrapper reported about a connection's login shell (`$SHELL`,
 * which sshd sets) and whether the session led its own process group.
 */
export function rememberLoginShell(client: Client, shell: string | undefined, groupLeader: boolean): void {
  if (groupLeader && shell !== undefined && POSIX_SHELLS.has(basename(shell))) posixClients.add(client)
}

/**
 * True once a command on `client` showed a POSIX login shell and a session
 * that leads its process group: later commands can then hand the wrapper to
 * the login shell directly, without starting one more `/bin/sh`.
 */
export function hasPosixLoginShell(client: Client): boolean {
  return posixClients.has(client)
}
