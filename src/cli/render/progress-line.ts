import type { TextOutput } from './text-output.js'

/** Moves to the start of the line and clears it. */
const CLEAR_LINE = '\r\u001b[2K'

/**
 * A status line on a terminal, rewritten in place (`\r` and clear-line).
 * Redraws are throttled to one per `intervalMs`; the last text is always
 * drawn, on a timer when an update came too soon. Call {@link hide} before
 * printing anything else to the terminal and {@link stop} at the end.
 */
export class ProgressLine {
  readonly #output: TextOutput
  readonly #intervalMs: number
  #text = ''
  #drawn: string | undefined
  #lastDrawAt = Number.NEGATIVE_INFINITY
  #timer: ReturnType<typeof setTimeout> | undefined

  /** @param options.intervalMs least time between two redraws, in milliseconds (default 50) */
  constructor(output: TextOutput, options: { intervalMs?: number } = {}) {
    this.#output = output
    this.#intervalMs = options.intervalMs ?? 50
  }

  /** Whether the line is on the terminal now. */
  get visible(): boolean {
    return this.#drawn !== undefined
  }

  /** Shows `text` (now, or once the throttle interval has passed). */
  update(text: string): void {
    this.#text = text
    if (this.#drawn === text || this.#timer !== undefined) return
    const wait = this.#lastDrawAt + this.#intervalMs - performance.now()
    if (wait <= 0) {
      this.#draw()
      return
    }
    this.#timer = setTimeout(() => {
      this.#timer = undefined
      this.#draw()
    }, wait)
    // A pending redraw must never keep the process alive.
    this.#timer.unref?.()
  }

  /** Erases the line, if shown; the next {@link update} draws it again. */
  hide(): void {
    if (this.#drawn === undefined) return
    this.#output.write(CLEAR_LINE)
    this.#drawn = undefined
  }

  /** Cancels any pending redraw and erases the line. */
  stop(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer)
    this.#timer = undefined
    this.hide()
  }

  #draw(): void {
    if (this.#text === '') return
    this.#output.write(CLEAR_LINE + this.#text)
    this.#drawn = this.#text
    this.#lastDrawAt = performance.now()
  }
}
