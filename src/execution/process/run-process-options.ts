import { z } from 'zod'

/** Grace period between SIGTERM and SIGKILL when a run is aborted. */
export const DEFAULT_GRACE_MS = 5_000

/** Output bytes allowed to wait for the consumer before reading from the child stops. */
export const DEFAULT_MAX_BUFFERED_BYTES = 1024 * 1024

/** Options of {@link runProcess}. POSIX only: the child is put in its own process group. */
export interface RunProcessOptions {
  /** Executable and arguments, never a shell string; `argv[0]` is looked up on PATH when it has no slash. */
  argv: readonly [string, ...string[]]
  /** Variables for the child, merged over `process.env` unless `inheritEnv` is false. */
  env?: Record<string, string> | undefined
  /** Start from `process.env` (default true). When false the child sees only `env`, so give it a PATH if argv[0] has no slash. */
  inheritEnv?: boolean | undefined
  /** Working directory of the child (default: this process's). */
  cwd?: string | undefined
  /** Written to the child's stdin (a string as UTF-8), which is then closed. Without it stdin is closed from the start. */
  stdin?: string | Buffer | undefined
  /** Aborting sends SIGTERM to the child's whole process group, then SIGKILL after `graceMs`. */
  signal?: AbortSignal | undefined
  /** Milliseconds between SIGTERM and SIGKILL (default 5000). */
  graceMs?: number | undefined
  /**
   * Aborting ends the grace at once: SIGKILL to whatever is left of the group
   * now (after SIGTERM, when `signal` had not aborted yet). For a second Ctrl-C.
   */
  killSignal?: AbortSignal | undefined
  /** Encoding used to decode output (default utf8). */
  encoding?: BufferEncoding | undefined
  /**
   * Output bytes that may wait for a slow consumer before reading from the child stops and it
   * blocks on a full pipe (default 64 KiB). Less than twice this is ever held.
   */
  maxBufferedBytes?: number | undefined
}

// Node rejects NUL bytes with an error that quotes the value; argv and env may hold
// secrets, so refuse them here with a message that names only the field.
const noNul = z.string().refine((value) => !value.includes('\0'), 'must not contain a NUL byte')

/** Validates {@link RunProcessOptions} and fills in defaults; unknown keys are mistakes. */
export const runProcessOptionsSchema = z.strictObject({
  argv: z.tuple([noNul.pipe(z.string().min(1, 'the executable must not be empty'))], noNul),
  env: z.record(noNul, noNul).optional(),
  inheritEnv: z.boolean().default(true),
  cwd: noNul.pipe(z.string().min(1)).optional(),
  stdin: z.union([z.string(), z.instanceof(Buffer)]).optional(),
  signal: z.instanceof(AbortSignal).optional(),
  graceMs: z.number().int().nonnegative().default(DEFAULT_GRACE_MS),
  killSignal: z.instanceof(AbortSignal).optional(),
  encoding: z
    .custom<BufferEncoding>((value) => typeof value === 'string' && Buffer.isEncoding(value), { message: 'expected a Buffer encoding such as "utf8"' })
    .default('utf8'),
  maxBufferedBytes: z.number().int().positive().default(DEFAULT_MAX_BUFFERED_BYTES),
})

/** {@link RunProcessOptions} after validation, with every default applied. */
export type ResolvedRunProcessOptions = z.output<typeof runProcessOptionsSchema>
