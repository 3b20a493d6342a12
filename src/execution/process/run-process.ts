import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import type { Readable } from 'node:stream'
import { CapstanError } from '../../errors/capstan-error.js'
import { validationError } from '../../errors/validation-error.js'
import { forwardOutput } from './forward-output.js'
import { OutputQueue } from './output-queue.js'
import type { ProcessEvent, ProcessOutputEvent } from './process-event.js'
import { runProcessOptionsSchema, type ResolvedRunProcessOptions, type RunProcessOptions } from './run-process-options.js'
import { spawnError } from './spawn-error.js'
import { terminateProcessGroup } from './terminate-process-group.js'

/**
 * Runs a child process and yields what happens to it as it happens: `spawn`,
 * then `output` chunks in arrival order, then `exit` — always last, after all
 * output. The one way Capstan plugins start processes. POSIX only.
 *
 * - Nothing starts until the first `next()`; the options are checked at the call
 *   (VALIDATION_ERROR naming the field, never its value).
 * - The child leads its own process group. Aborting `signal` sends SIGTERM to the
 *   whole group, then SIGKILL after `graceMs` to anything left — including
 *   grandchildren still alive after the child itself has exited. Aborting
 *   `killSignal` sends that SIGKILL at once.
 * - Leaving the loop early (`break`, `return()`, a throw in the loop body) stops
 *   the group the same way; the `return()` settles once the child has exited.
 * - A slow consumer stops the reading of the child's output (the child blocks on
 *   a full pipe) instead of letting output pile up here; see `maxBufferedBytes`.
 * - Nothing here logs, so argv and env values cannot leak into logs.
 *
 * @throws from the first `next()`: CapstanError NOT_FOUND when the executable (or
 *   `cwd`) does not exist, PLUGIN_ERROR for any other spawn failure (EACCES...),
 *   naming the executable and errno (`details.reason`) with the system error as `cause`; CANCELLED
 *   when `signal` had already aborted, in which case nothing is started.
 *
 * @example
 * ```ts
 * for await (const event of runProcess({ argv: ['uptime'], signal })) {
 *   if (event.type === 'output') process.stdout.write(event.chunk)
 *   if (event.type === 'exit') console.log('exit', event.exitCode)
 * }
 * ```
 */
export function runProcess(options: RunProcessOptions): AsyncGenerator<ProcessEvent, void, undefined> {
  const parsed = runProcessOptionsSchema.safeParse(options)
  if (!parsed.success) throw validationError('runProcess', parsed.error)
  return streamProcess(parsed.data)
}

async function* streamProcess(options: ResolvedRunProcessOptions): AsyncGenerator<ProcessEvent, void, undefined> {
  const { argv, signal, killSignal, graceMs, cwd } = options
  const [executable, ...args] = argv
  const stoppedBy = signal?.aborted === true ? signal : killSignal?.aborted === true ? killSignal : undefined
  if (stoppedBy !== undefined) {
    throw new CapstanError('CANCELLED', { message: `Cancelled before "${executable}" started`, details: { executable }, cause: stoppedBy.reason })
  }

  let child: ChildProcess
  try {
    child = spawn(executable, args, {
      cwd,
      env: options.inheritEnv ? { ...process.env, ...options.env } : { ...options.env },
      // Its own process group, so one kill(-pid) reaches everything it starts.
      detached: true,
      stdio: [options.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    })
  } catch (error) {
    throw await spawnError(executable, error, cwd)
  }
  // stdio[1] and [2] are 'pipe', so Node always creates these streams.
  const stdout = child.stdout as Readable
  const stderr = child.stderr as Readable
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const queue = new OutputQueue<ProcessOutputEvent>(options.maxBufferedBytes)
  forwardOutput(stdout, 'stdout', options.encoding, queue, options.maxBufferedBytes)
  forwardOutput(stderr, 'stderr', options.encoding, queue, options.maxBufferedBytes)
  // 'close' rather than 'exit': it comes after both streams have ended, so no output can follow the exit event.
  const state = { closed: false, exitCode: null as number | null, signal: null as NodeJS.Signals | null, killed: false, reason: undefined as unknown }
  child.once('close', (exitCode: number | null, exitSignal: NodeJS.Signals | null) => {
    Object.assign(state, { closed: true, exitCode, signal: exitSignal })
    queue.end()
  })

  try {
    await once(child, 'spawn')
  } catch (error) {
    throw await spawnError(executable, error, cwd)
  }
  // Spawned: Node only emits 'error' now for failed kill()/send(), which we never call; keep it from crashing the host.
  child.on('error', () => undefined)
  const pid = child.pid as number
  if (child.stdin) {
    // A child may exit without reading its input; the resulting EPIPE is not this run's failure.
    child.stdin.on('error', () => undefined)
    child.stdin.end(options.stdin)
  }

  let terminating = false
  const terminate = (): void => {
    if (terminating) return
    terminating = true
    // EPERM (a setuid child) is the only way this fails; the exit event still tells what happened.
    terminateProcessGroup(pid, graceMs, killSignal).catch(() => undefined)
  }
  const stopBy = (stopping: AbortSignal | undefined) => (): void => {
    if (state.closed) return
    if (!state.killed) {
      state.killed = true
      state.reason = stopping?.reason
    }
    terminate()
  }
  const onAbort = stopBy(signal)
  // Once terminating, terminateProcessGroup itself sends SIGKILL on this signal.
  const onKill = stopBy(killSignal)
  signal?.addEventListener('abort', onAbort, { once: true })
  killSignal?.addEventListener('abort', onKill, { once: true })
  try {
    // It may have aborted while the process was starting.
    if (signal?.aborted) onAbort()
    if (killSignal?.aborted) onKill()
    yield { type: 'spawn', pid }
    for (let event = await queue.next(); event !== undefined; event = await queue.next()) yield event
    yield {
      type: 'exit',
      exitCode: state.exitCode,
      signal: state.signal,
      killed: state.killed,
      ...(state.killed ? { reason: state.reason } : {}),
      maxQueuedBytes: queue.maxQueuedBytes,
    }
  } finally {
    signal?.removeEventListener('abort', onAbort)
    killSignal?.removeEventListener('abort', onKill)
    if (!state.closed) {
      // The consumer left early: nobody will read the output, so stop the group and drop the pipes.
      terminate()
      stdout.destroy()
      stderr.destroy()
      child.stdin?.destroy()
      await exited
    }
  }
}
