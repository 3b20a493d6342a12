import { randomBytes } from 'node:crypto'
import { StringDecoder } from 'node:string_decoder'
import type { Client, ClientChannel } from 'ssh2'
import { CapstanError, type NodeEvent, type NodeStatus } from 'capstan'
import { quoteWord, withEnv } from './shell-quote.js'

/** What to run on one node. */
export interface RemoteCommand {
  /** A shell command line, run by the server's `/bin/sh -c`. */
  command: string
  /** Variables set for the command (on its command line: sshd usually refuses SSH env requests). */
  env?: Readonly<Record<string, string>>
  /** Directory to run in; the login directory when absent. */
  cwd?: string
  /** Written to the command's standard input, which is then closed. Closed at once when absent. */
  stdin?: string
}

/** How to run it. */
export interface RunRemoteOptions {
  /** The node's id, as the batch named it; every event carries it. */
  node: string
  /** Aborting stops the command's process group; the node ends `cancelled` (`timeout` for a TIMEOUT reason). */
  signal?: AbortSignal
  /** The node's own time limit; when it passes the node is stopped and ends `timeout`. */
  timeoutMs?: number
  /** Between SIGTERM and SIGKILL to the process group on stop (default 5 s). */
  killGraceMs?: number
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
 * (abort, timeout, or the consumer leaving the loop early) kills everything it
 * started, without a pty: see {@link wrapRemoteCommand}.
 *
 * @throws CapstanError VALIDATION_ERROR at the first iteration for a bad env name or a NUL byte.
 */
export async function* runRemote(client: Client, input: RemoteCommand, options: RunRemoteOptions): AsyncGenerator<NodeEvent, void, undefined> {
  const { node } = options
  const nonce = `capstan-exec-${randomBytes(8).toString('hex')}`
  const wrapped = wrapRemoteCommand(input, nonce)
  const graceMs = options.killGraceMs ?? DEFAULT_KILL_GRACE_MS

  const stop = new AbortController()
  const onAbort = (): void => stop.abort(options.signal?.reason)
  options.signal?.addEventListener('abort', onAbort, { once: true })
  const timer =
    options.timeoutMs === undefined
      ? undefined
      : setTimeout(() => stop.abort(new CapstanError('TIMEOUT', { message: `The command on ${node} ran out of time (${options.timeoutMs} ms)`, details: { node } })), options.timeoutMs)
  if (options.signal?.aborted) onAbort()

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
      channel = await openExec(client, wrapped)
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      yield { type: 'node:finished', node, status: 'error', exitCode: null, error: { code: 'UNAVAILABLE', message: `Cannot run the command on ${node}: ${message}` } }
      finished = true
      return
    }
    yield { type: 'node:started', node }

    const current = (session = new RemoteSession(channel, nonce))
    if (input.stdin !== undefined) channel.end(input.stdin)
    else channel.end()

    let stopping: Promise<void> | undefined
    const onStop = (): void => {
      stopping ??= current.stop(client, graceMs)
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
    // The consumer left early (break / return / throw): nothing may be left running.
    if (!finished && session !== undefined && !session.closed) await session.stop(client, graceMs)
  }
}

/** `cancelled`, or `timeout` when the reason is a TIMEOUT error, with the reason as the node's error. */
function stopOutcome(reason: unknown): { status: NodeStatus; error: { code: string; message: string } } {
  const error = reason instanceof CapstanError ? reason : new CapstanError('CANCELLED', { message: reason instanceof Error ? reason.message : 'Cancelled', cause: reason })
  return { status: error.code === 'TIMEOUT' ? 'timeout' : 'cancelled', error: { code: error.code, message: error.message } }
}

/**
 * The command line sent to sshd (which hands it to the login shell's `-c`).
 *
 * It starts `/bin/sh` on a small script, passed as a word so the login shell
 * only has to understand single quotes. The script:
 * 1. makes sure it leads its own process group. OpenSSH already calls
 *    `setsid()` for each session without a pty, so the shell's pid is its
 *    process group id; when `ps` says otherwise, it re-executes itself through
 *    `setsid(1)` (no fork: a non-leader becomes a leader in place);
 * 2. prints `<nonce> group <pgid>` as the first line of stderr (`<nonce> pid
 *    <pid>` when it could not get a group of its own: only that pid can then
 *    be killed). {@link runRemote} strips that line from the output;
 * 3. changes to `cwd`, then `exec`s `env 'K=v' ... /bin/sh -c '<command>'`,
 *    keeping the pid, so the group id stays valid for the command's lifetime.
 */
export function wrapRemoteCommand(input: RemoteCommand, nonce: string): string {
  const command = quoteWord(input.command, 'command')
  const cd = input.cwd === undefined ? '' : `cd ${quoteWord(input.cwd.startsWith('-') ? `./${input.cwd}` : input.cwd, 'cwd')} || exit; `
  const script =
    'if [ -n "$CAPSTAN_SETSID" ]; then unset CAPSTAN_SETSID; g=$$; ' +
    'else g=$(ps -o pgid= -p $$ 2>/dev/null | tr -d " "); ' +
    'if [ "$g" != "$$" ] && command -v setsid >/dev/null 2>&1; then CAPSTAN_SETSID=1; export CAPSTAN_SETSID; exec setsid /bin/sh -c \'eval "$1"\' capstan-exec "$1"; fi; fi; ' +
    `if [ "$g" = "$$" ]; then printf '%s group %s\\n' ${nonce} "$g" >&2; else printf '%s pid %s\\n' ${nonce} "$$" >&2; fi; ` +
    cd +
    `exec ${withEnv(input.env, `/bin/sh -c ${command}`)}`
  return `exec /bin/sh -c 'eval "$1"' capstan-exec ${quoteWord(script)}`
}

function openExec(client: Client, command: string): Promise<ClientChannel> {
  return new Promise((resolve, reject) => {
    client.exec(command, (error, channel) => (error ? reject(error) : resolve(channel)))
  })
}

/** Runs `command` on a channel of its own and waits for it to close, at most `timeoutMs`. */
async function runSide(client: Client, command: string, timeoutMs: number): Promise<void> {
  let channel: ClientChannel
  try {
    channel = await openExec(client, command)
  } catch {
    return // The connection is gone; so is the session, and sshd has closed the command's pipes.
  }
  channel.resume()
  channel.stderr.resume()
  channel.end()
  await waitFor(channel, 'close', timeoutMs)
  channel.close()
}

function waitFor(emitter: ClientChannel, event: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      emitter.removeListener(event, done)
      resolve(false)
    }, timeoutMs)
    function done(): void {
      clearTimeout(timer)
      resolve(true)
    }
    emitter.once(event, done)
  })
}

interface OutputItem {
  stream: 'stdout' | 'stderr'
  chunk: string
  bytes: number
}

type KillTarget = { kind: 'group' | 'pid'; id: number }

/** One exec channel: its output as a pull queue, its exit status, and how to stop what it runs. */
class RemoteSession {
  readonly #channel: ClientChannel
  readonly #nonce: string
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
  exit: { code: number | null; signal?: string } | undefined

  constructor(channel: ClientChannel, nonce: string) {
    this.#channel = channel
    this.#nonce = nonce
    this.#targetKnown = new Promise((resolve) => (this.#resolveTarget = resolve))
    this.#closedPromise = new Promise((resolve) => channel.once('close', () => resolve()))
    channel.on('data', (data: Buffer) => this.#push('stdout', data))
    channel.stderr.on('data', (data: Buffer) => this.#onStderr(data))
    channel.on('exit', (code: number | null, signal?: string) => {
      this.exit = { code: code ?? null, ...(signal === undefined ? {} : { signal }) }
    })
    channel.on('close', () => {
      this.#closed = true
      this.#flushMarker()
      this.#resolveTarget()
      for (const stream of ['stdout', 'stderr'] as const) {
        const rest = this.#decoders[stream].end()
        if (rest !== '') this.#items.push({ stream, chunk: rest, bytes: 0 })
      }
      this.#notify()
    })
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
   * there: one script on a second channel, so the grace is timed on the
   * server. Then the channel is closed if it has not closed by itself.
   */
  async stop(client: Client, graceMs: number): Promise<void> {
    // The wrapper announces its group as its very first act; wait for it, within reason.
    await Promise.race([this.#targetKnown, this.#closedPromise, delay(graceMs)])
    const target = this.#target
    if (target !== undefined && !this.#closed) {
      const id = target.kind === 'group' ? `-${target.id}` : `${target.id}`
      const ticks = Math.max(1, Math.ceil(graceMs / 100))
      const script = `kill -TERM ${id} 2>/dev/null; i=0; while kill -0 ${id} 2>/dev/null; do if [ $i -ge ${ticks} ]; then kill -KILL ${id} 2>/dev/null; exit 0; fi; sleep 0.1; i=$((i+1)); done`
      await runSide(client, `exec /bin/sh -c ${quoteWord(script)}`, graceMs + 5_000)
    }
    if (!(await Promise.race([this.#closedPromise.then(() => true), delay(1_000).then(() => false)]))) this.#channel.close()
    // Keep draining so the queue never blocks the close.
    this.#channel.resume()
    this.#channel.stderr.resume()
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
    const match = new RegExp(`^${this.#nonce} (group|pid) (\\d+)$`).exec(line)
    if (match !== null) {
      this.#target = { kind: match[1] as KillTarget['kind'], id: Number(match[2]) }
      this.#resolveTarget()
      const rest = buffered.subarray(newline + 1)
      if (rest.length > 0) this.#push('stderr', rest)
    } else {
      // The wrapper did not run (a login shell that is not POSIX?): pass everything through.
      this.#resolveTarget()
      this.#push('stderr', buffered)
    }
  }

  #flushMarker(): void {
    const pending = this.#markerBuffer
    this.#markerBuffer = undefined
    if (pending !== undefined && pending.length > 0) this.#push('stderr', pending)
  }

  #push(stream: 'stdout' | 'stderr', data: Buffer): void {
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

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref?.())
}
