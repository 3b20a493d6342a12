/**
 * A glob read as text to compare exactly (`literal`: no wildcard in it,
 * escapes removed) or as an RE2 expression (`source`, unanchored, for
 * compiling with `.` matching any character).
 */
export type ParsedGlob = { literal: string; source?: undefined } | { literal?: undefined; source: string }

/** Characters RE2 reads as syntax outside a class; each is escaped when a glob means it as text. */
const RE2_SYNTAX = /[\\.+*?()|[\]{}^$]/

/**
 * Reads a glob over names (not paths, so `*` also matches `.` and `/`):
 *
 * - `*` any run of characters, `?` one character;
 * - `[abc]`, `[a-z]` one of the characters, `[!a-z]` or `[^a-z]` one not
 *   among them (a `]` right after the `[` or `[!` is one of them; a `[`
 *   without a closing `]` is text);
 * - `{web,db}` any of the comma-separated alternatives, which may be globs
 *   and nest (braces without a comma, `{a}`, are text);
 * - `\` makes the next character text; anything else is text.
 *
 * The result is for RE2, where matching is linear in the name. Reading the
 * glob is at worst quadratic in its length (an unclosed `{` is scanned to the
 * end once), and names are at most 1,024 characters.
 */
export function parseGlob(glob: string): ParsedGlob {
  const parsed = new GlobReader(glob).sequence(0, glob.length)
  return parsed.wild ? { source: parsed.source } : { literal: parsed.text }
}

/** True when `pattern` uses glob syntax; a plain name (escapes aside) is only ever compared exactly. */
export function isGlob(pattern: string): boolean {
  return parseGlob(pattern).source !== undefined
}

interface Sequence {
  /** The RE2 source. */
  source: string
  /** The text without escapes, meaningful when nothing is wild. */
  text: string
  /** Whether any wildcard, class or alternation occurs. */
  wild: boolean
}

/** A class `[...]`: its RE2 source and the position of its closing `]`. */
interface ClassSpan {
  source: string
  close: number
}

class GlobReader {
  readonly #glob: string
  /** Each `[` is read once, whatever brace it is reached from: unclosed ones would otherwise make reading quadratic per brace. */
  readonly #classes = new Map<number, ClassSpan | undefined>()

  constructor(glob: string) {
    this.#glob = glob
  }

  sequence(start: number, end: number): Sequence {
    const glob = this.#glob
    let source = ''
    let text = ''
    let wild = false
    let at = start
    while (at < end) {
      const char = glob[at]!
      if (char === '\\' && at + 1 < end) {
        source += escapeText(glob[at + 1]!)
        text += glob[at + 1]!
        at += 2
      } else if (char === '*') {
        while (glob[at] === '*' && at < end) at += 1
        source += '.*'
        wild = true
      } else if (char === '?') {
        source += '.'
        wild = true
        at += 1
      } else {
        const group = char === '[' ? this.#classWithin(at, end) : char === '{' ? this.#alternatives(at, end) : undefined
        if (group === undefined) {
          source += escapeText(char)
          text += char
          at += 1
        } else {
          source += group.source
          wild = true
          at = group.close + 1
        }
      }
    }
    return { source, text, wild }
  }

  /** The class opened at `open` when it closes before `end`; otherwise its `[` is text. */
  #classWithin(open: number, end: number): ClassSpan | undefined {
    if (!this.#classes.has(open)) this.#classes.set(open, this.#readClass(open))
    const span = this.#classes.get(open)
    return span !== undefined && span.close < end ? span : undefined
  }

  #readClass(open: number): ClassSpan | undefined {
    const glob = this.#glob
    let at = open + 1
    const negated = glob[at] === '!' || glob[at] === '^'
    if (negated) at += 1
    const members: string[] = []
    let first = true
    while (at < glob.length && (glob[at] !== ']' || first)) {
      first = false
      const low = this.#classChar(at)
      at = low.next
      if (glob[at] === '-' && at + 1 < glob.length && glob[at + 1] !== ']') {
        const high = this.#classChar(at + 1)
        at = high.next
        // A reversed range (z-a) holds no character, as in the shell.
        if (low.code <= high.code) members.push(`${hex(low.code)}-${hex(high.code)}`)
      } else {
        members.push(hex(low.code))
      }
    }
    if (at >= glob.length) return undefined
    if (members.length === 0) return { source: negated ? '.' : '[^\\x{0}-\\x{10FFFF}]', close: at }
    return { source: `[${negated ? '^' : ''}${members.join('')}]`, close: at }
  }

  /** One character of a class, by code point; `\` makes the next one literal. */
  #classChar(at: number): { code: number; next: number } {
    const glob = this.#glob
    const position = glob[at] === '\\' && at + 1 < glob.length ? at + 1 : at
    const code = glob.codePointAt(position)!
    return { code, next: position + (code > 0xffff ? 2 : 1) }
  }

  /** `{a,b,...}` opened at `open`, or undefined when it has no closing brace before `end` or no comma at its own level (then `{` is text). */
  #alternatives(open: number, end: number): ClassSpan | undefined {
    const glob = this.#glob
    const commas: number[] = []
    let depth = 0
    for (let at = open + 1; at < end; at += 1) {
      const char = glob[at]
      if (char === '\\') at += 1
      else if (char === '[') at = this.#classWithin(at, end)?.close ?? at
      else if (char === '{') depth += 1
      else if (char === ',' && depth === 0) commas.push(at)
      else if (char === '}' && depth > 0) depth -= 1
      else if (char === '}') {
        if (commas.length === 0) return undefined
        const bounds = [open, ...commas, at]
        const alternatives = bounds.slice(1).map((stop, i) => this.sequence(bounds[i]! + 1, stop).source)
        return { source: `(?:${alternatives.join('|')})`, close: at }
      }
    }
    return undefined
  }
}

function escapeText(char: string): string {
  return RE2_SYNTAX.test(char) ? `\\${char}` : char
}

function hex(code: number): string {
  return `\\x{${code.toString(16)}}`
}
