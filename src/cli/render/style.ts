/**
 * Colours for human output. Plain ANSI codes rather than `node:util`
 * `styleText`: on Node 20 `styleText` decides on its own whether to colour
 * (differently for one format and for several), and the CLI must decide
 * once, from the stream it writes to and the environment.
 */

/** Text styles for human output; every one is the identity when colour is off. */
export interface Style {
  /** Whether the styles add ANSI codes. */
  readonly color: boolean
  bold(text: string): string
  dim(text: string): string
  red(text: string): string
  green(text: string): string
  yellow(text: string): string
  cyan(text: string): string
}

const identity = (text: string): string => text

function ansi(open: number, close: number): (text: string) => string {
  return (text) => (text === '' ? text : `\u001b[${open}m${text}\u001b[${close}m`)
}

/**
 * Creates the styles for one output stream.
 *
 * @example
 * ```ts
 * const style = createStyle({ color: colorEnabled(process.stdout) })
 * process.stdout.write(style.red('failed') + '\n')
 * ```
 */
export function createStyle(options: { color: boolean }): Style {
  if (!options.color) {
    return { color: false, bold: identity, dim: identity, red: identity, green: identity, yellow: identity, cyan: identity }
  }
  return {
    color: true,
    bold: ansi(1, 22),
    dim: ansi(2, 22),
    red: ansi(31, 39),
    green: ansi(32, 39),
    yellow: ansi(33, 39),
    cyan: ansi(36, 39),
  }
}
