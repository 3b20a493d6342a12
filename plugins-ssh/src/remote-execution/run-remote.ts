import { randomBytes } from 'node:crypto'
import type { Client, ClientChannel } from 'ssh2'
import type { NodeEvent } from 'capstan'
import { abortOutcome, thrownMessage } from 'capstan/plugin-kit'
import { openExec } from './exec-channel.js'
import { hasPosixLoginShell, rememberLoginShell } from './login-shell.js'
import type { RemoteCommand } from './remote-command.js'
import { remoteFinishedEvent } from './remote-finished-event.js'
import { RemoteSession } from './remote-session.js'
import { remoteStopSignal } from './remote-stop-signal.js'
import type { RunRemoteOptions } from './run-remote-options.js'
import { wrapRemoteCommand } from './wrap-remote-command.js'

const DEFAULT_KILL_GRACE_MS = 5_000

/**
 * Runs `command` on the node `client` is connected to and streams it as
 * {@link NodeEvent}s: `node:started`, `node:output` as chunks arrive, then one
 * `node:finished` (`success` on exit 0, `failure` otherwise, `cancelled` or
 * `timeout` when stopped, `error` when the channel could not be opened or
 * closed without an exit status).
 *
 * The command runs in its own process group on the server, so stopping it
 * (abort, timeout, or the caller of this generator leaving its loop early)
 * kills everything it started, without a pty: see {@link wrapRemoteCommand}.
 * Through the plugin, the engine is that caller: an Execution's consumer that
 * stops reading does not stop the command; `run.cancel()` does.
 *
 * @throws CapstanError VALIDATION_ERROR at the first iteration for a bad env name or a NUL byte.
 */
export async function* runRemote(client: Client, input: RemoteCommand, options: RunRemoteOptions): AsyncGenerator<NodeEvent, void, undefined> {
  const { node } = options
  const nonce = `capstan-exec-${randomBytes(8).toString('hex')}`
  const wrapped = wrapRemoteCommand(input, nonce, options.sudo, { direct: hasPosixLoginShell(client) })
  const graceMs = options.killGraceMs ?? DEFAULT_KILL_GRACE_MS
  const stop = remoteStopSignal(options)

  let session: RemoteSession | undefined
  let finished = false
  try {
    if (stop.signal.aborted) {
      yield { type: 'node:finished', node, exitCode: null, ...abortOutcome(stop.signal.reason) }
      finished = true
      return
    }
    let channel: ClientChannel
    try {
      channel = await openExec(client, wrapped.commandLine)
    } catch (error) {
      yield { type: 'node:finished', node, status: 'error', exitCode: null, error: { code: 'UNAVAILABLE', message: `Cannot run the command on ${node}: ${thrownMessage(error)}` } }
      finished = true
      return
    }
    // The variables first (read by the wrapper before the command starts), then the caller's input.
    const writeStdin = (): void => {
      if (wrapped.stdinHeader !== '') channel.write(wrapped.stdinHeader)
      if (input.stdin !== undefined) channel.end(input.stdin)
      else channel.end()
    }
    const current = (session = new RemoteSession(channel, nonce, options.sudo, writeStdin, (kind, shell) => rememberLoginShell(client, shell, kind === 'group')))
    // Under sudo, stdin carries the password first; the variables and the caller's input follow once sudo runs the wrapper.
    if (options.sudo === undefined) writeStdin()
    // Only now: the session must listen before this generator first suspends, or
    // an exit status that arrives meanwhile (ssh2 emits it as a plain event) is lost.
    yield { type: 'node:started', node }

    let stopping: Promise<void> | undefined
    const onStop = (): void => {
      stopping ??= current.stop(client, graceMs, options.killSignal)
    }
    stop.signal.addEventListener('abort', onStop, { once: true })
    if (stop.signal.aborted) onStop()
    try {
      for (let item = await current.next(); item !== undefined; item = await current.next()) {
        yield { type: 'node:output', node, stream: item.stream, chunk: item.chunk }
      }
    } finally {
      stop.signal.removeEventListener('abort', onStop)
    }
    if (stopping !== undefined) await stopping
    yield remoteFinishedEvent(node, current, stopping === undefined ? undefined : { reason: stop.signal.reason })
    finished = true
  } finally {
    stop.dispose()
    // The consumer left early (break / return / throw): nothing may be left running.
    if (!finished && session !== undefined && !session.closed) await session.stop(client, graceMs, options.killSignal)
  }
}
