import type { Logger } from 'capstan'

/** One line a {@link RecordingLogger} recorded. */
export interface LogRecord {
  level: 'debug' | 'info' | 'warn' | 'error'
  bindings: Record<string, unknown>
  obj: unknown
  msg?: string | undefined
}

/**
 * A logger that keeps every line in memory, with its child bindings, so a
 * test can assert what was logged (and that no secret was).
 */
export class RecordingLogger implements Logger {
  readonly records: LogRecord[]
  readonly #bindings: Record<string, unknown>

  constructor(bindings: Record<string, unknown> = {}, records: LogRecord[] = []) {
    this.#bindings = bindings
    this.records = records
  }

  debug(obj: unknown, msg?: string): void {
    this.#push('debug', obj, msg)
  }
  info(obj: unknown, msg?: string): void {
    this.#push('info', obj, msg)
  }
  warn(obj: unknown, msg?: string): void {
    this.#push('warn', obj, msg)
  }
  error(obj: unknown, msg?: string): void {
    this.#push('error', obj, msg)
  }

  /** A child shares the parent's records and adds its bindings. */
  child(bindings: Record<string, unknown>): RecordingLogger {
    return new RecordingLogger({ ...this.#bindings, ...bindings }, this.records)
  }

  /** Everything recorded, as one string: handy for "does not contain the password" checks. */
  text(): string {
    return JSON.stringify(this.records)
  }

  #push(level: LogRecord['level'], obj: unknown, msg?: string): void {
    this.records.push({ level, bindings: this.#bindings, obj, ...(msg === undefined ? {} : { msg }) })
  }
}
