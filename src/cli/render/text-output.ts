/**
 * Where rendered text goes: `process.stdout`, `process.stderr`, or any object
 * with a `write` (a test's recorder). `once` and `removeListener`, when
 * present, let writers wait for `drain` instead of buffering without bound.
 */
export interface TextOutput {
  write(chunk: string): unknown
  /** True when the output is a terminal. */
  readonly isTTY?: boolean
  once?(event: string, listener: () => void): unknown
  removeListener?(event: string, listener: () => void): unknown
}

/**
 * Writes `text`, and when the output asks to slow down (`write` returned
 * false) waits until it drains, closes or fails. Waiting is what lets a slow
 * terminal or pipe push back on an execution's event stream, which then
 * drops output for this consumer (an `output:dropped` event) rather than
 * growing this process's memory.
 */
export async function writeText(output: TextOutput, text: string): Promise<void> {
  if (text === '') return
  if (output.write(text) !== false || typeof output.once !== 'function') return
  const once = output.once.bind(output)
  await new Promise<void>((resolve) => {
    const done = (): void => {
      for (const event of ['drain', 'close', 'error']) output.removeListener?.(event, done)
      resolve()
    }
    for (const event of ['drain', 'close', 'error']) once(event, done)
  })
}
