/** One lexical token of a Puppet type expression. */
export type PuppetTypeToken =
  | { kind: 'type'; text: string; at: number }
  | { kind: 'word'; text: string; at: number }
  | { kind: 'number'; value: number; at: number }
  | { kind: 'string'; value: string; at: number }
  | { kind: 'regex'; source: string; at: number }
  | { kind: 'punct'; text: '[' | ']' | '{' | '}' | ',' | '=>'; at: number }

/** Why a type expression could not be read, and where (0-based offset). */
export class PuppetTypeSyntaxError extends Error {
  override readonly name = 'PuppetTypeSyntaxError'
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(message)
  }
}

// Capitalised names are type references (`Stdlib::Absolutepath` included); lower-case
// barewords are strings, as in Puppet's own `Enum[start, stop]`.
const typeName = /^(?:::)?[A-Z]\w*(?:::[A-Z]\w*)*/
const bareword = /^[a-z_]\w*(?:::[a-z_]\w*)*/
const number = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/
const doubleQuoteEscapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', s: ' ', '"': '"', '\\': '\\', $: '$', "'": "'" }

/**
 * Splits a Puppet type expression into tokens. Supports what task metadata
 * uses: type names, barewords, numbers, single- and double-quoted strings,
 * `/regex/` literals, brackets, braces, commas and `=>`.
 *
 * @throws PuppetTypeSyntaxError at the first character that starts no token.
 */
export function tokenizePuppetType(text: string): PuppetTypeToken[] {
  const tokens: PuppetTypeToken[] = []
  let i = 0
  while (i < text.length) {
    const rest = text.slice(i)
    const ch = text[i] as string
    if (/\s/.test(ch)) {
      i += 1
      continue
    }
    if (rest.startsWith('=>')) {
      tokens.push({ kind: 'punct', text: '=>', at: i })
      i += 2
      continue
    }
    if (ch === '[' || ch === ']' || ch === '{' || ch === '}' || ch === ',') {
      tokens.push({ kind: 'punct', text: ch, at: i })
      i += 1
      continue
    }
    if (ch === "'" || ch === '"') {
      const { value, end } = readQuoted(text, i)
      tokens.push({ kind: 'string', value, at: i })
      i = end
      continue
    }
    if (ch === '/') {
      const { source, end } = readRegex(text, i)
      tokens.push({ kind: 'regex', source, at: i })
      i = end
      continue
    }
    const type = typeName.exec(rest)
    const word = type === null ? bareword.exec(rest) : null
    const digits = type === null && word === null ? number.exec(rest) : null
    if (type !== null) tokens.push({ kind: 'type', text: type[0].replace(/^::/, ''), at: i })
    else if (word !== null) tokens.push({ kind: 'word', text: word[0], at: i })
    else if (digits !== null) tokens.push({ kind: 'number', value: Number(digits[0]), at: i })
    else throw new PuppetTypeSyntaxError(`unexpected "${ch}"`, i)
    i += (type ?? word ?? digits)?.[0].length ?? 1
  }
  return tokens
}

function readQuoted(text: string, start: number): { value: string; end: number } {
  const quote = text[start]
  let value = ''
  let i = start + 1
  while (i < text.length) {
    const ch = text[i] as string
    if (ch === quote) return { value, end: i + 1 }
    if (ch === '\\' && i + 1 < text.length) {
      const next = text[i + 1] as string
      // Single quotes only escape the quote and the backslash, as in Puppet.
      if (quote === "'") value += next === "'" || next === '\\' ? next : `\\${next}`
      else value += doubleQuoteEscapes[next] ?? `\\${next}`
      i += 2
      continue
    }
    value += ch
    i += 1
  }
  throw new PuppetTypeSyntaxError('unterminated string', start)
}

function readRegex(text: string, start: number): { source: string; end: number } {
  let source = ''
  let i = start + 1
  while (i < text.length) {
    const ch = text[i] as string
    if (ch === '/') return { source, end: i + 1 }
    if (ch === '\\' && text[i + 1] === '/') {
      source += '/'
      i += 2
      continue
    }
    if (ch === '\\' && i + 1 < text.length) {
      source += ch + (text[i + 1] as string)
      i += 2
      continue
    }
    source += ch
    i += 1
  }
  throw new PuppetTypeSyntaxError('unterminated regular expression', start)
}
