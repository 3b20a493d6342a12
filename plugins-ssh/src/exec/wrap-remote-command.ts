import { randomBytes } from 'node:crypto'
import { StringDecoder } from 'node:string_decoder'
import type { Client, ClientChannel } from 'ssh2'
import { CapstanError, type NodeEvent, type NodeStatus } from 'capstan'
import { delay, exitOf, openExec, type ChannelExit } from './exec-channel.js'
import { hasPosixLoginShell, rememberLoginShell } from './login-shell.js'
import { envHeader, readEnvHeader } from './env-header.js'
import { quoteWord } from './shell-quote.js'
import { runSide } from './side-command.js'
import { stopScript, type KillTarget } from './stop-script.js'
import { sudoCommandLine, type SudoOptions } from './sudo.js'
import { SudoDialogue, sudoRefusalMessage } from './sudo-dialogue.js'

/** What to run on one node. */
export interface RemoteCommand {
  /** A shell command line, run by the server's `/bin/sh -c`. */
  command: string
  /**
   * Variables set for the command. They travel on the channel's standard
   * input ahead of `stdin`, never on a command line, where every user of the
   * server could read them (sshd usually refuses SSH env requests anyway).
   */
  env?: Readonly<Record<string, string>> | undefined
  /** Directory to run in; the login directory when absent. */
  cwd?: string | undefined
  /** Written to the command's standard input, which is then closed. Closed at once when absent. */
  stdin?: string | undefined
}

/** How to run it. */
export interface RunRemoteOptions {
  /** The node's id, as the batch named it; every event carries it. */
  node: string
  /** Aborting stops the command's process group; the node ends `cancelled` (`timeout` for a TIMEOUT reason). */
  signal?: AbortSignal | undefined
  /** The node's own time limit; when it passes the node is stopped and ends `timeout`. */
  timeoutMs?: number | undefined
  /** Between SIGTERM and SIGKILL to the process group on stop (default 5 s). */
  killGraceMs?: number | undefined
  /**
   * Aborting ends the stop's grace at once: KILL to whatever is left of the
   * process group now (a second Ctrl-C). Aborted on its own, it stops the
   * command too, ending `cancelled`.
   */
  killSignal?: AbortSignal | undefined
  /**
   * Run the command as `sudo.user` (root when absent) through `sudo -S`; see
   * {@link SudoOptions}. `env` and `cwd` apply under sudo. When sudo does not
   * run the command (no password given, password rejected, not allowed) the
   * node ends `failure` with a PERMISSION_DENIED error saying why. Stopping
   * kills the process group through sudo too.
   */
  sudo?: SudoOptions | undefined
}

const DEFAULT_KILL_GRACE_MS = 5_000
/** Queued output at which reading from the channel pauses until the consumer catches up. */
const HIGH_WATER_MARK = 1024 * 1024
/** The wrapper's first stderr line is short; past this many bytes without it, stderr is passed through as is. */
const MAX_MARKER_BYTES = 512

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

  const stop = new AbortController()
  const onAbort = (): void => stop.abort(options.signal?.reason)
  const onKill = (): void => stop.abort(options.signal?.aborted === true ? options.signal.reason : options.killSignal?.reason)
  options.signal?.addEventListener('abort', onAbort, { once: true })
  options.killSignal?.addEventListener('abort', onKill, { once: true })
  const timer =
    options.timeoutMs === undefined
      ? undefined
      : setTimeout(() => stop.abort(new CapstanError('TIMEOUT', { message: `The command on ${node} ran out of time (${options.timeoutMs} ms)`, details: { node } })), options.timeoutMs)
  if (options.signal?.aborted) onAbort()
  if (options.killSignal?.aborted) onKill()

  let session: RemoteSession | undefined
  let finished = false
  try {
    if (stop.signal.aborted) {
      yield { type: 'node:finished', node, exitCode: null, ...stopOutcome(stop.signal.reason) }
      finished = true
      return
    }
    let channel: ClientChannel
    try {
      channel = await openExec(client, wrapped.commandLine)
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      yield { type: 'node:finished', node, status: 'error', exitCode: null, error: { code: 'UNAVAILABLE', message: `Cannot run the command on ${node}: ${message}` } }
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
      for (;;) {
        const item = await current.next()
        if (item === undefined) break
        yield { type: 'node:output', node, stream: item.stream, chunk: item.chunk }
      }
    } finally {
      stop.signal.removeEventListener('abort', onStop)
    }
    if (stopping !== undefined) {
      await stopping
      yield { type: 'node:finished', node, exitCode: null, ...(current.exit?.signal === undefined ? {} : { signal: current.exit.signal }), ...stopOutcome(stop.signal.reason) }
    } else if (current.sudoRefusal !== undefined) {
      yield {
        type: 'node:finished',
        node,
        status: 'failure',
        exitCode: current.exit?.code ?? null,
        error: { code: 'PERMISSION_DENIED', message: sudoRefusalMessage(current.sudoRefusal, node, current.sudoSaid) },
      }
    } else if (current.exit === undefined) {
      yield { type: 'node:finished', node, status: 'error', exitCode: null, error: { code: 'UNAVAILABLE', message: `The command on ${node} ended without an exit status (the connection may have dropped)` } }
    } else {
      const { code, signal } = current.exit
      yield { type: 'node:finished', node, status: code === 0 ? 'success' : 'failure', exitCode: code, ...(signal === undefined ? {} : { signal }) }
    }
    finished = true
  } finally {
    if (timer !== undefined) clearTimeout(timer)
    options.signal?.removeEventListener('abort', onAbort)
    options.killSignal?.removeEventListener('abort', onKill)
    // The consumer left early (break / return / throw): nothing may be left running.
    if (!finished && session !== undefined && !session.closed) await session.stop(client, graceMs, options.killSignal)
  }
}

/** `cancelled`, or `timeout` when the reason is a TIMEOUT error, with the reason as the node's error. */
function stopOutcome(reason: unknown): { status: NodeStatus; error: { code: string; message: string } } {
  const error = reason instanceof CapstanError ? reason : new CapstanError('CANCELLED', { message: reason instanceof Error ? reason.message : 'Cancelled', cause: reason })
  return { status: error.code === 'TIMEOUT' ? 'timeout' : 'cancelled', error: { code: error.code, message: error.message } }
}

/** What {@link wrapRemoteCommand} makes of a command: the line for sshd and what its stdin starts with. */
export interface WrappedCommand {
  /** The command line sent to sshd. Holds the command, `cwd` and the variables' names, never their values. */
  commandLine: string
  /**
   * To write first on the channel's standard input (under sudo, once sudo
   * runs the wrapper, after the password), before the command's own input:
   * the variables, read by the wrapper. Empty without `env`.
   */
  stdinHeader: string
}

/**
 * The command line sent to sshd (which hands it to the login shell's `-c`),
 * and the header its standard input must start with.
 *
 * It starts `/bin/sh` on a small script, passed as a word so the login shell
 * only has to understand single quotes. The script:
 * 1. makes sure it leads its own process group. OpenSSH already calls
 *    `setsid()` for each session without a pty, so the shell's pid is its
 *    process group id (read from `/proc/$$/stat` by a builtin, or from `ps`
 *    without /proc); when it is not, it re-executes itself through
 *    `setsid(1)` (no fork: a non-leader becomes a leader in place);
 * 2. prints `<nonce> group <pgid>` as the first line of stderr (`<nonce> pid
 *    <pid>` when it could not get a group of its own: only that pid can then
 *    be killed). {@link runRemote} strips that line from the output;
 * 3. changes to `cwd`, reads `env` from its stdin and exports it (see
 *    `readEnvHeader` in env-header.ts: `read` builtins only, so the rest of
 *    stdin is the command's), and `eval`s the command in the same shell (see
 *    `inThisShell`), so the group id stays valid for the command's lifetime
 *    and no further process is started. The values never appear in an argv.
 *
 * The first line also names the login shell (`$SHELL`). Once a connection
 * showed a POSIX login shell and a session leading its own group,
 * `direct: true` (what {@link runRemote} then passes) hands steps 2 and 3 to
 * the login shell itself: one process per command, as with a bare `ssh host cmd`.
 *
 * With `sudo`, step 3 becomes `exec sudo -S ... /bin/sh -c '<command>'` (see
 * `sudoCommandLine` in sudo.ts): sudo keeps the pid and runs the command in the
 * same process group; the shell sudo starts reads `env` from stdin (after sudo
 * has read the password and reset the environment) and changes to `cwd` as the
 * target user.
 *
 * @throws CapstanError VALIDATION_ERROR for a bad env name, or a NUL byte in the command, cwd or a value.
 */
export function wrapRemoteCommand(input: RemoteCommand, nonce: string, sudo?: SudoOptions, options: { direct?: boolean | undefined } = {}): WrappedCommand {
  const stdinHeader = envHeader(input.env)
  const hasEnv = stdinHeader !== ''
  const command = quoteWord(input.command, 'command')
  const run = `/bin/sh -c ${command}`
  const cd = input.cwd === undefined || sudo !== undefined ? '' : `cd ${quoteWord(input.cwd.startsWith('-') ? `./${input.cwd}` : input.cwd, 'cwd')} || exit; `
  // The group id is field 5 of /proc/$$/stat, read by a builtin; `ps` (two processes) only without /proc.
  const readGroup = 'g=; if [ -r /proc/$$/stat ]; then read -r _ _ _ _ g _ </proc/$$/stat; fi; [ -n "$g" ] || g=$(ps -o pgid= -p $$ 2>/dev/null | tr -d " "); '
  const becomeLeader =
    'if [ "$g" != "$$" ] && command -v setsid >/dev/null 2>&1; then CAPSTAN_SETSID=1; export CAPSTAN_SETSID; exec setsid /bin/sh -c \'eval "$1"\' capstan-exec "$1"; fi; '
  const announce = `if [ "$g" = "$$" ]; then printf '%s group %s shell %s\\n' ${nonce} "$g" "\${SHELL-}" >&2; else printf '%s pid %s\\n' ${nonce} "$$" >&2; fi; `
  const body = cd + (sudo === undefined ? inThisShell(hasEnv, command) : `exec ${sudoCommandLine(sudo, nonce, run, { ...(input.cwd === undefined ? {} : { cwd: input.cwd }), env: hasEnv })}`)
  // A login shell already seen to be POSIX, in a session that led its group
  // (sshd does the same for every session of a connection), runs the script itself.
  if (options.direct === true) return { commandLine: `printf '%s group %s shell %s\\n' ${nonce} "$$" "\${SHELL-}" >&2; ${body}`, stdinHeader }
  const script = `if [ -n "$CAPSTAN_SETSID" ]; then unset CAPSTAN_SETSID; g=$$; else ${readGroup}${becomeLeader}fi; ${announce}${body}`
  return { commandLine: `exec /bin/sh -c 'eval "$1"' capstan-exec ${quoteWord(script)}`, stdinHeader }
}

/**
 * The command run by the wrapper's own shell (already `/bin/sh`, already the
 * group leader) rather than by one more `exec /bin/sh -c`: on a hundred
 * nodes at once that process start is most of a warm run's remote cost.
 * It sees what `sh -c` would give it: no positional parameters, none of the
 * wrapper's variables, `env` exported (read from stdin when `hasEnv`).
 */
function inThisShell(hasEnv: boolean, command: string): string {
  return `unset g; set --; ${hasEnv ? readEnvHeader() : ''}eval ${command}`
}

interface OutputItem {
  stream: 'stdout' | 'stderr'
  chunk: string
  bytes: number
}

/** One exec channel: its output as a pull queue, its exit status, and how to stop what it runs. */
class RemoteSession {
  readonly #channel: ClientChannel
  readonly #nonce: string
  readonly #sudo: SudoOptions | undefined
  readonly #dialogue: SudoDialogue | undefined
  readonly #items: OutputItem[] = []
  readonly #decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') }
  #queuedBytes = 0
  #paused = false
  #wake: (() => void) | undefined
  #closed = false
  #closedPromise: Promise<void>
  /** Until the marker line is read, stderr bytes wait here. */
  #markerBuffer: Buffer | undefined = Buffer.alloc(0)
  #target: KillTarget | undefined
  #targetKnown: Promise<void>
  #resolveTarget!: () => void
  /** How the command ended; undefined until the server says (or when it never did). */
  get exit(): ChannelExit | undefined {
    return exitOf(this.#channel)
  }

  readonly #onMarker: (kind: KillTarget['kind'], shell: string | undefined) => void

  constructor(channel: ClientChannel, nonce: string, sudo: SudoOptions | undefined, writeStdin: () => void, onMarker: (kind: KillTarget['kind'], shell: string | undefined) => void) {
    this.#channel = channel
    this.#onMarker = onMarker
    this.#nonce = nonce
    this.#sudo = sudo
    this.#dialogue = sudo === undefined ? undefined : new SudoDialogue(nonce, sudo.password, { write: (text) => channel.write(text), end: () => channel.end() }, writeStdin)
    this.#targetKnown = new Promise((resolve) => (this.#resolveTarget = resolve))
    this.#closedPromise = new Promise((resolve) => channel.once('close', () => resolve()))
    channel.on('data', (data: Buffer) => this.#push('stdout', data))
    channel.stderr.on('data', (data: Buffer) => this.#onStderr(data))
    channel.on('close', () => {
      this.#closed = true
      this.#flushMarker()
      if (this.#dialogue !== undefined) this.#pushRaw('stderr', this.#dialogue.flush())
      this.#resolveTarget()
      for (const stream of ['stdout', 'stderr'] as const) {
        const rest = this.#decoders[stream].end()
        if (rest !== '') this.#items.push({ stream, chunk: rest, bytes: 0 })
      }
      this.#notify()
    })
  }

  /** Why sudo did not run the command, once the channel has closed without it running. */
  get sudoRefusal(): ReturnType<SudoDialogue['refusal']> {
    return this.#closed ? this.#dialogue?.refusal() : undefined
  }

  /** What sudo itself printed before the command ran (password masked). */
  get sudoSaid(): string {
    return this.#dialogue?.said ?? ''
  }

  /** True once the channel has closed. */
  get closed(): boolean {
    return this.#closed
  }

  /** The next output chunk, or undefined once the channel has closed and everything was taken. */
  async next(): Promise<OutputItem | undefined> {
    for (;;) {
      const item = this.#items.shift()
      if (item !== undefined) {
        this.#queuedBytes -= item.bytes
        if (this.#paused && this.#queuedBytes < HIGH_WATER_MARK) {
          this.#paused = false
          this.#channel.resume()
          this.#channel.stderr.resume()
        }
        return item
      }
      if (this.#closed) return undefined
      await new Promise<void>((resolve) => (this.#wake = resolve))
    }
  }

  /**
   * TERM to the process group, KILL after `graceMs` if any of it is still
   * alive: one script on a second channel (see {@link stopScript}), so the
   * grace is timed on the server, and it returns as soon as the group has
   * gone. When `killSignal` aborts, a second script sends KILL at once.
   * Then the channel is closed if it has not closed by itself.
   */
  async stop(client: Client, graceMs: number, killSignal?: AbortSignal): Promise<void> {
    // The wrapper announces its group as its very first act; wait for it, within reason.
    await Promise.race([this.#targetKnown, this.#closedPromise, delay(killSignal?.aborted === true ? 0 : graceMs)])
    const target = this.#target
    if (target !== undefined && !this.#closed) {
      const killNow = (): Promise<void> => this.#runStopScript(client, target, 0)
      if (killSignal?.aborted === true) await killNow()
      else {
        let killing: Promise<void> | undefined
        const onKill = (): void => void (killing = killNow())
        killSignal?.addEventListener('abort', onKill, { once: true })
        try {
          await this.#runStopScript(client, target, graceMs)
        } finally {
          killSignal?.removeEventListener('abort', onKill)
        }
        await killing
      }
    }
    if (!(await Promise.race([this.#closedPromise.then(() => true), delay(1_000).then(() => false)]))) this.#channel.close()
    this.#dialogue?.abandon()
    // Keep draining so the queue never blocks the close.
    this.#channel.resume()
    this.#channel.stderr.resume()
  }

  /** Runs {@link stopScript} on a side channel. */
  async #runStopScript(client: Client, target: KillTarget, graceMs: number): Promise<void> {
    const script = stopScript(target, graceMs)
    // Under sudo the group is the target user's (and root's, for sudo itself): kill it as that user.
    // If sudo refuses, the command never ran under it; what is left (sudo at its prompt) is ours.
    const killed = this.#sudo !== undefined && (await runSide(client, script, graceMs + 5_000, this.#sudo))
    if (!killed) await runSide(client, script, graceMs + 5_000)
  }

  #onStderr(data: Buffer): void {
    if (this.#markerBuffer === undefined) {
      this.#push('stderr', data)
      return
    }
    const buffered = Buffer.concat([this.#markerBuffer, data])
    const newline = buffered.indexOf(0x0a)
    if (newline === -1 && buffered.length <= MAX_MARKER_BYTES) {
      this.#markerBuffer = buffered
      return
    }
    this.#markerBuffer = undefined
    const line = newline === -1 ? '' : buffered.subarray(0, newline).toString('latin1')
    const match = new RegExp(`^${this.#nonce} (group|pid) (\\d+)(?: shell (.*))?$`).exec(line)
    if (match !== null) {
      this.#target = { kind: match[1] as KillTarget['kind'], id: Number(match[2]) }
      this.#onMarker(this.#target.kind, match[3] === '' ? undefined : match[3])
      this.#resolveTarget()
      const rest = buffered.subarray(newline + 1)
      if (rest.length > 0) this.#push('stderr', rest)
    } else {
      // The wrapper did not run (a login shell that is not POSIX?): pass everything through.
      this.#resolveTarget()
      this.#dialogue?.abandon()
      this.#pushRaw('stderr', buffered)
    }
  }

  #flushMarker(): void {
    const pending = this.#markerBuffer
    this.#markerBuffer = undefined
    if (pending !== undefined && pending.length > 0) this.#pushRaw('stderr', pending)
  }

  /** Output from the command; under sudo, stderr goes through the dialogue first. */
  #push(stream: 'stdout' | 'stderr', data: Buffer): void {
    if (stream === 'stderr' && this.#dialogue !== undefined) {
      for (const part of this.#dialogue.push(data)) this.#pushRaw(stream, part)
    } else this.#pushRaw(stream, data)
  }

  #pushRaw(stream: 'stdout' | 'stderr', data: Buffer): void {
    if (data.length === 0) return
    const chunk = this.#decoders[stream].write(data)
    if (chunk === '') return
    this.#items.push({ stream, chunk, bytes: data.length })
    this.#queuedBytes += data.length
    if (!this.#paused && this.#queuedBytes >= HIGH_WATER_MARK && !this.#closed) {
      this.#paused = true
      this.#channel.pause()
      this.#channel.stderr.pause()
    }
    this.#notify()
  }

  #notify(): void {
    const wake = this.#wake
    this.#wake = undefined
    wake?.()
  }
}
