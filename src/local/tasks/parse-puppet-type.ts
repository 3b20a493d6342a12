import { CapstanError } from '../../errors/capstan-error.js'
import { buildPuppetType, type PuppetTypeParam } from './build-puppet-type.js'
import type { PuppetType } from './puppet-type.js'
import { PuppetTypeSyntaxError, tokenizePuppetType, type PuppetTypeToken } from './tokenize-puppet-type.js'

/**
 * Parses a Puppet data type as task metadata declares it, e.g.
 * `Optional[Enum[start, stop]]`, `String[1, 64]`, `Hash[String, Integer]`,
 * `Struct[{name => String, Optional[port] => Integer}]`. A type name Capstan
 * does not know (`Stdlib::Absolutepath`, a module's alias) parses as
 * `{ name: 'Unknown' }`, which the checker accepts any value for: rejecting
 * a valid call because of a type we cannot resolve would be worse.
 *
 * @throws CapstanError CONFIG_ERROR when the text is not a type expression,
 *   with `details.type` and `details.position`.
 */
export function parsePuppetType(text: string): PuppetType {
  try {
    const parser = new Parser(tokenizePuppetType(text))
    const type = parser.type()
    parser.end()
    return type
  } catch (error) {
    if (!(error instanceof PuppetTypeSyntaxError)) throw error
    throw new CapstanError('CONFIG_ERROR', {
      message: `Invalid Puppet type "${text}": ${error.message} at position ${error.at}`,
      details: { type: text, position: error.at },
      cause: error,
    })
  }
}

class Parser {
  readonly #tokens: PuppetTypeToken[]
  #i = 0

  constructor(tokens: PuppetTypeToken[]) {
    this.#tokens = tokens
  }

  type(): PuppetType {
    const token = this.#next()
    if (token?.kind !== 'type') throw new PuppetTypeSyntaxError('expected a type name', token?.at ?? this.#endAt())
    const params = this.#peekPunct('[') ? this.#params() : []
    return buildPuppetType(token.text, params, token.at)
  }

  end(): void {
    const token = this.#tokens[this.#i]
    if (token !== undefined) throw new PuppetTypeSyntaxError('unexpected text after the type', token.at)
  }

  #params(): PuppetTypeParam[] {
    this.#expectPunct('[')
    const params: PuppetTypeParam[] = []
    if (this.#peekPunct(']')) {
      this.#i += 1
      return params
    }
    for (;;) {
      params.push(this.#param())
      const token = this.#next()
      if (token?.kind === 'punct' && token.text === ']') return params
      if (token?.kind !== 'punct' || token.text !== ',') throw new PuppetTypeSyntaxError('expected "," or "]"', token?.at ?? this.#endAt())
      // Puppet allows a trailing comma.
      if (this.#peekPunct(']')) {
        this.#i += 1
        return params
      }
    }
  }

  #param(): PuppetTypeParam {
    const token = this.#tokens[this.#i]
    if (token === undefined) throw new PuppetTypeSyntaxError('expected a type parameter', this.#endAt())
    if (token.kind === 'type') return { kind: 'type', type: this.type(), at: token.at }
    if (token.kind === 'punct' && token.text === '{') return this.#hash()
    this.#i += 1
    switch (token.kind) {
      case 'number':
        return { kind: 'number', value: token.value, at: token.at }
      case 'string':
        return { kind: 'string', value: token.value, at: token.at }
      case 'word':
        return { kind: 'word', value: token.text, at: token.at }
      case 'regex':
        return { kind: 'regex', source: token.source, at: token.at }
      default:
        throw new PuppetTypeSyntaxError(`unexpected "${token.text}"`, token.at)
    }
  }

  #hash(): PuppetTypeParam {
    const open = this.#expectPunct('{')
    const entries: Array<[PuppetTypeParam, PuppetTypeParam]> = []
    while (!this.#peekPunct('}')) {
      const key = this.#param()
      this.#expectPunct('=>')
      entries.push([key, this.#param()])
      if (!this.#peekPunct(',')) break
      this.#i += 1
    }
    this.#expectPunct('}')
    return { kind: 'hash', entries, at: open.at }
  }

  #next(): PuppetTypeToken | undefined {
    const token = this.#tokens[this.#i]
    if (token !== undefined) this.#i += 1
    return token
  }

  #peekPunct(text: string): boolean {
    const token = this.#tokens[this.#i]
    return token?.kind === 'punct' && token.text === text
  }

  #expectPunct(text: string): PuppetTypeToken {
    const token = this.#next()
    if (token?.kind !== 'punct' || token.text !== text) throw new PuppetTypeSyntaxError(`expected "${text}"`, token?.at ?? this.#endAt())
    return token
  }

  #endAt(): number {
    const last = this.#tokens[this.#tokens.length - 1]
    return last === undefined ? 0 : last.at + 1
  }
}
