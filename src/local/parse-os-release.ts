/**
 * Parses an os-release file (`/etc/os-release`, see os-release(5)) into its
 * variables: `KEY=value` lines, where the value follows shell quoting rules:
 * `"double"` (with `\"`, `\\`, `` \` ``, `\$` escapes), `'single'` (literal)
 * or bare (backslash escapes the next character). Blank lines and `#` comments
 * are skipped, as are lines that are not assignments: distributions ship odd
 * files, and one bad line should not cost every other fact.
 *
 * @example
 * ```ts
 * parseOsRelease('ID=debian\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n')
 * // { ID: 'debian', PRETTY_NAME: 'Debian GNU/Linux 12 (bookworm)' }
 * ```
 */
export function parseOsRelease(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) continue
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line)
    if (!match?.[1]) continue
    const value = unquote(match[2] ?? '')
    if (value !== undefined) out[match[1]] = value
  }
  return out
}

/** Double-quote escapes the shell honours; any other backslash stays as written. */
const DOUBLE_QUOTE_ESCAPES = new Set(['"', '\\', '`', '$'])

/** Reads a shell word; `undefined` when a quote is never closed. */
function unquote(input: string): string | undefined {
  let out = ''
  let quote: '"' | "'" | undefined
  for (let i = 0; i < input.length; i++) {
    const ch = input[i] as string
    if (quote === "'") {
      if (ch === "'") quote = undefined
      else out += ch
    } else if (quote === '"') {
      if (ch === '"') quote = undefined
      else if (ch === '\\' && DOUBLE_QUOTE_ESCAPES.has(input[i + 1] ?? '')) out += input[++i]
      else out += ch
    } else if (ch === '"' || ch === "'") {
      quote = ch
    } else if (ch === '\\' && i + 1 < input.length) {
      out += input[++i]
    } else if (/\s/.test(ch)) {
      // An unquoted blank ends the value; anything after it is a comment or junk.
      break
    } else {
      out += ch
    }
  }
  return quote === undefined ? out : undefined
}
