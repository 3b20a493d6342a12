import { readFile } from 'node:fs/promises'
import { basename, resolve } from 'node:path'
import type { Client } from 'ssh2'
import { CapstanError, type NodeEvent } from 'capstan'
import { thrownMessage } from 'capstan/plugin-kit'
import { collectRemote } from './collect-remote.js'
import { envHeader } from './env-header.js'
import type { RunRemoteOptions } from './run-remote-options.js'
import { runRemote } from './run-remote.js'
import { uploadExecutable } from './script-upload.js'
import { quoteArgv, quoteWord } from './shell-quote.js'
import type { SudoOptions } from './sudo.js'

/** A local script to run on one node. */
export interface RemoteScript {
  /** Path of the script on this machine (relative paths from the working directory). */
  script: string
  /** Its arguments, each arriving as one argv entry, verbatim. */
  args: readonly string[]
  /** Variables set for the script, as for `RemoteCommand.env`: on stdin, never in an argv (unlike `args`). */
  env?: Readonly<Record<string, string>> | undefined
  /** Directory to run in on the server; the login directory when absent. */
  cwd?: string | undefined
}

/** For the plugin's own housekeeping commands (temp dir, hand-over, clean-up). */
const HOUSEKEEPING_TIMEOUT_MS = 30_000

/**
 * Runs a local script file on the node `client` is connected to, streamed
 * as {@link NodeEvent}s exactly like {@link runRemote} (same events, exit
 * codes, cancellation, timeout and `sudo`):
 *
 * 1. reads the file here; a missing or unreadable file ends the node `error`
 *    with a VALIDATION_ERROR naming the path (`details.field` `'script'`),
 *    without touching the server. Through a Capstan host, `script` is a real
 *    path the host has checked (inside `scripts.roots` when set, a regular
 *    file of bounded size), so this is the last line, not the check;
 * 2. creates a private directory on the server (`mktemp -d`, mode 0700) and
 *    uploads the script into it under its own basename, mode 0700, over SFTP
 *    (through `cat > file` on an exec channel when the server has no SFTP);
 *    under `sudo` as a user other than root, the directory is handed to that
 *    user with `chown` run through `sudo` as root;
 * 3. runs it as `<path> <args...>`, each argument quoted, so a shebang line
 *    (`#!/usr/bin/env python3`) picks the interpreter and a script without
 *    one runs with `/bin/sh`;
 * 4. removes the directory afterwards, whatever the outcome: success,
 *    failure, timeout, abort, or the consumer leaving the loop early.
 *
 * `timeoutMs` counts from the start, upload included. An abort during the
 * upload lets the upload finish, then ends the node `cancelled` without
 * running the script. An upload that fails ends the node `error` UNAVAILABLE.
 *
 * @throws CapstanError VALIDATION_ERROR at the first iteration for an
 *   argument with a NUL byte or a bad env name (as {@link runRemote} does).
 */
export async function* runRemoteScript(client: Client, input: RemoteScript, options: RunRemoteOptions): AsyncGenerator<NodeEvent, void, undefined> {
  const { node } = options
  const argv = quoteArgv(input.args)
  envHeader(input.env) // refuses a bad variable before anything is uploaded
  const local = resolve(input.script)
  let content: Buffer
  try {
    content = await readFile(local)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const problem = code === 'ENOENT' || code === 'ENOTDIR' ? 'does not exist' : `cannot be read (${code ?? String(error)})`
    yield { type: 'node:finished', node, status: 'error', exitCode: null, error: { code: 'VALIDATION_ERROR', message: `Script ${local} ${problem}`, details: { field: 'script', script: local } } }
    return
  }

  // One stop for the whole run, upload included; runRemote maps a TIMEOUT reason to `timeout`.
  const stop = new AbortController()
  const onAbort = (): void => stop.abort(options.signal?.reason)
  options.signal?.addEventListener('abort', onAbort, { once: true })
  if (options.signal?.aborted) onAbort()
  const timer =
    options.timeoutMs === undefined
      ? undefined
      : setTimeout(() => stop.abort(new CapstanError('TIMEOUT', { message: `The script on ${node} ran out of time (${options.timeoutMs} ms)`, details: { node } })), options.timeoutMs)
  const { timeoutMs: _counted, ...rest } = options
  const runOptions: RunRemoteOptions = { ...rest, signal: stop.signal }

  let dir: string | undefined
  try {
    let path = ''
    if (!stop.signal.aborted) {
      try {
        dir = await makeTempDir(client, node)
        path = `${dir}/${basename(local)}`
        await uploadExecutable(client, path, content)
      } catch (error) {
        const message = thrownMessage(error)
        // The file's name only: through the host, `local` is the script's real path, which the caller may not have named.
        yield { type: 'node:finished', node, status: 'error', exitCode: null, error: { code: 'UNAVAILABLE', message: `Cannot upload the script ${basename(local)} to ${node}: ${message}` } }
        return
      }
      const user = options.sudo?.user
      if (options.sudo !== undefined && user !== undefined && user !== 'root') {
        const handed = await collectRemote(client, { command: `chown -R -- ${quoteWord(user, 'sudo.user')} ${quoteWord(dir)}` }, housekeeping(node, { ...(options.sudo.password === undefined ? {} : { password: options.sudo.password }) }))
        if (handed.status !== 'success') {
          const message = handed.error?.message ?? `cannot hand the script's directory to ${user}: ${handed.stderr.trim()}`
          yield { type: 'node:finished', node, status: 'failure', exitCode: handed.exitCode, error: { code: handed.error?.code ?? 'PERMISSION_DENIED', message } }
          return
        }
      }
    }
    // When stopped already, runRemote ends the node cancelled (or timeout) without running anything.
    yield* runRemote(client, { command: `${quoteWord(path, 'script')} ${argv}`, ...(input.env === undefined ? {} : { env: input.env }), ...(input.cwd === undefined ? {} : { cwd: input.cwd }) }, runOptions)
  } finally {
    if (timer !== undefined) clearTimeout(timer)
    options.signal?.removeEventListener('abort', onAbort)
    if (dir !== undefined) await removeTempDir(client, node, dir, options.sudo)
  }
}

function housekeeping(node: string, sudo?: SudoOptions): RunRemoteOptions {
  return { node, timeoutMs: HOUSEKEEPING_TIMEOUT_MS, killGraceMs: 1_000, ...(sudo === undefined ? {} : { sudo }) }
}

/** `mktemp -d` on the server: a new directory only its owner may enter. */
async function makeTempDir(client: Client, node: string): Promise<string> {
  const made = await collectRemote(client, { command: 'umask 077; mktemp -d "${TMPDIR:-/tmp}/capstan-script.XXXXXXXXXX"' }, housekeeping(node))
  const dir = made.stdout.trim()
  if (made.status !== 'success' || !dir.startsWith('/') || dir.includes('\n')) {
    throw new Error(`mktemp -d failed: ${made.error?.message ?? (made.stderr.trim() || `exit ${String(made.exitCode)}`)}`)
  }
  return dir
}

/**
 * Removes `dir` as the login user; when that leaves it in place (handed to
 * another user, or holding root's files) and `sudo` was given, again through
 * sudo as root. Best effort: a dropped connection leaves it to the server's
 * temp cleaning.
 */
async function removeTempDir(client: Client, node: string, dir: string, sudo?: SudoOptions): Promise<void> {
  const command = `rm -rf -- ${quoteWord(dir)}; test ! -e ${quoteWord(dir)}`
  const plain = await collectRemote(client, { command }, housekeeping(node))
  if (plain.status === 'success' || sudo === undefined) return
  await collectRemote(client, { command }, housekeeping(node, { ...(sudo.password === undefined ? {} : { password: sudo.password }) }))
}
