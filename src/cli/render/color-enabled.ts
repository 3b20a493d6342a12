/** The environment variables {@link colorEnabled} reads. */
export type ColorEnv = Readonly<Record<string, string | undefined>>

/**
 * Whether output to `stream` should be coloured, following Node's own rules:
 * - `FORCE_COLOR` set to anything but `0` or `false` forces colour on (even
 *   into a pipe), and `FORCE_COLOR=0` / `false` forces it off;
 * - otherwise `NO_COLOR` set to a non-empty value turns it off (no-color.org),
 *   and so does `TERM=dumb`;
 * - otherwise colour is on only when `stream` is a TTY.
 *
 * @example
 * ```ts
 * const style = createStyle({ color: colorEnabled(process.stdout) })
 * ```
 */
export function colorEnabled(stream: { readonly isTTY?: boolean }, env: ColorEnv = process.env): boolean {
  const force = env['FORCE_COLOR']
  if (force !== undefined) {
    if (force === '0' || force.toLowerCase() === 'false') return false
    return true
  }
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false
  if (env['TERM'] === 'dumb') return false
  return stream.isTTY === true
}
