/** One mebibyte; the streaming bench counts output in these. */
export const MiB = 1024 * 1024

/**
 * The shell command both sides of the streaming bench run: `bytes` bytes of
 * `x` on stdout, from two fast coreutils, so the producer is never what is
 * measured. ASCII, so a byte is a character and UTF-8 decoding cannot change
 * the count.
 */
export function streamingCommand(bytes: number): string {
  if (!Number.isSafeInteger(bytes) || bytes < 0) throw new Error(`not a byte count: ${bytes}`)
  return `head -c ${bytes} /dev/zero | tr '\\0' x`
}

/** The two ways the bench consumes the command's output. */
export type StreamingMode = 'raw' | 'capstan'

/** What a `streaming-worker.ts` run prints as the last line of its stdout, as JSON. */
export interface StreamingSample {
  mode: StreamingMode
  /** Output bytes the consumer counted. */
  bytes: number
  /** Wall time from starting the command to its end (exit, or the execution's result). */
  ms: number
  /** RSS just before the measured run, after a warm-up and a GC, in bytes. */
  startRss: number
  /** Highest RSS seen during the run (sampled every 10 ms and every 16 chunks), in bytes. */
  peakRss: number
  /** `process.resourceUsage().maxRSS` at the end, in bytes: the whole process's peak, start-up included. */
  maxRss: number
  /** Chunks (data events / node:output events) the consumer received. */
  chunks: number
  /** CPU time (user + system) this process spent during the run, in ms. */
  cpuMs: number
}
