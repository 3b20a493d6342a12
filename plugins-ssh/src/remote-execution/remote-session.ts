import { StringDecoder } from 'node:string_decoder'
import type { Client, ClientChannel } from 'ssh2'
import { OutputQueue } from 'capstan/plugin-kit'
import { delay, exitOf, type ChannelExit } from './exec-channel.js'
import { readSessionMarker } from './session-marker.js'
import { runSide } from './side-command.js'
import { stopScript, type KillTarget } from './stop-script.js'
import { SudoDialogue } from './sudo-dialogue.js'
import type { SudoOptions } from './sudo.js'

/** Queued output at which reading from the channel pauses until the consumer catches up. */
const HIGH_WATER_MARK = 1024 * 1024
/** The wrapper's first stderr line is short; past this many bytes without it, stderr is passed through as is. */
const MAX_MARKER_BYTES = 512

/** One chunk of a remote command's output. */
export interface RemoteOutput {
  stream: 'stdout' | 'stderr'
  chunk: string
  /** Bytes it took on the channel (0 for a decoder's last characters, read once the channel closed). */
  bytes: number
}

/**
 * One exec channel running a command that `wrapRemoteCommand` wrapped: its
 * output as a pull queue (the wrapper's marker line taken out of stderr; under
 * sudo, sudo's dialogue too), its exit status, and how to stop what it runs.
 */
export class RemoteSession {
  readonly #channel: ClientChannel
  readonly #nonce: string
  readonly #sudo: SudoOptions | undefined
  readonly #dialogue: SudoDialogue | undefined
  readonly #queue = new OutputQueue<RemoteOutput>(HIGH_WATER_MARK)
  readonly #decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') }
  readonly #onMarker: (kind: KillTarget['kind'], shell: string | undefined) => void
  #closed = false
  #closedPromise: Promise<void>
  /** Until the marker line is read, stderr bytes wait here. */
  #markerBuffer: Buffer | undefined = Buffer.alloc(0)
  #target: KillTarget | undefined
  #targetKnown: Promise<void>
  #resolveTarget!: () => void

  /**
   * @param writeStdin - Writes what the command reads on stdin; under sudo the dialogue calls it once sudo runs the command.
   * @param onMarker - Told what the wrapper announced: whether the command leads a process group, and the login shell.
   */
  constructor(channel: ClientChannel, nonce: string, sudo: SudoOptions | undefined, writeStdin: () => void, onMarker: (kind: KillTarget['kind'], shell: string | undefined) => void) {
    this.#channel = channel
    this.#onMarker = onMarker
    this.#nonce = nonce
    this.#sudo = sudo
    this.#dialogue = sudo === undefined ? undefined : new SudoDialogue(nonce, sudo.password, { write: (text) => channel.write(text), end: () => channel.end() }, writeStdin)
    this.#targetKnown = new Promise((resolve) => (this.#resolveTarget = resolve))
    this.#closedPromise = new Promise((resolve) => channel.once('close', () => resolve()))
    this.#queue.onRoom(() => {
      channel.resume()
      channel.stderr.resume()
    })
    channel.on('data', (data: Buffer) => this.#push('stdout', data))
    channel.stderr.on('data', (data: Buffer) => this.#onStderr(data))
    channel.on('close', () => {
      this.#closed = true
      this.#flushMarker()
      if (this.#dialogue !== undefined) this.#pushRaw('stderr', this.#dialogue.flush())
      this.#resolveTarget()
      for (const stream of ['stdout', 'stderr'] as const) {
        const rest = this.#decoders[stream].end()
        if (rest !== '') this.#queue.push({ stream, chunk: rest, bytes: 0 })
      }
      this.#queue.end()
    })
  }

  /** How the command ended; undefined until the server says (or when it never did). */
  get exit(): ChannelExit | undefined {
    return exitOf(this.#channel)
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
  next(): Promise<RemoteOutput | undefined> {
    return this.#queue.next()
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
    const marker = newline === -1 ? undefined : readSessionMarker(buffered.subarray(0, newline).toString('latin1'), this.#nonce)
    if (marker !== undefined) {
      this.#target = marker.target
      this.#onMarker(marker.target.kind, marker.shell)
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
    this.#queue.push({ stream, chunk, bytes: data.length })
    if (!this.#queue.hasRoom && !this.#closed) {
      this.#channel.pause()
      this.#channel.stderr.pause()
    }
  }
}
