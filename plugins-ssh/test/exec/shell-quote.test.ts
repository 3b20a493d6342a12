import { execFileSync } from 'node:child_process'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isCapstanError } from 'capstan'
import { quoteArgv, quoteEnvAssignments, quoteWord, withEnv } from '../../src/exec/shell-quote.js'

/** What `/bin/sh` makes of a command line: the NUL-separated words printf receives. */
function shellWords(line: string, env: Record<string, string> = {}): string[] {
  const out = execFileSync('/bin/sh', ['-c', line], { env: { PATH: process.env.PATH, ...env } })
  return out.toString('utf8').split('\0').slice(0, -1)
}

const word = fc.string({ unit: 'binary', maxLength: 40 }).filter((s) => !s.includes('\0'))

describe('quoteWord', () => {
  it('wraps in single quotes and escapes single quotes only', () => {
    expect(quoteWord('a b')).toBe("'a b'")
    expect(quoteWord("it's")).toBe(`'it'\\''s'`)
    expect(quoteWord('')).toBe("''")
    expect(quoteWord('$(id) `id` "x" \\ \n')).toBe(`'$(id) \`id\` "x" \\ \n'`)
  })

  it('refuses a NUL byte', () => {
    expect(() => quoteWord('a\0b', 'command')).toThrow(/command contains a NUL byte/)
  })

  it('round-trips any words through a real /bin/sh', () => {
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 6 }), (words) => {
        expect(shellWords(`printf '%s\\0' ${quoteArgv(words)}`)).toEqual(words)
      }),
      { numRuns: 150 },
    )
  })
})

describe('quoteEnvAssignments', () => {
  it('quotes K=v as one word', () => {
    expect(quoteEnvAssignments({ A: 'x y', _b1: "q'" })).toEqual(["'A=x y'", `'_b1=q'\\'''`])
  })

  it.each(['1A', 'A-B', 'A B', '', 'É', 'A=B'])('refuses the name %j with VALIDATION_ERROR naming env.<name>', (name) => {
    let caught: unknown
    try {
      quoteEnvAssignments({ [name]: 'v' })
    } catch (error) {
      caught = error
    }
    expect(isCapstanError(caught, 'VALIDATION_ERROR')).toBe(true)
    expect((caught as Error).message).toContain(`env.${name}`)
    expect((caught as { details: Record<string, unknown> }).details.field).toBe(`env.${name}`)
  })

  it('round-trips any values through env and a real /bin/sh', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}$/), word, { maxKeys: 4 }), (env) => {
        const names = Object.keys(env)
        const print = `/bin/sh -c ${quoteWord(`printf '%s\\0' ${names.map((n) => `"$${n}"`).join(' ')}`)}`
        const words = shellWords(withEnv(env, names.length === 0 ? 'true' : print))
        expect(words).toEqual(names.map((n) => env[n]))
      }),
      { numRuns: 100 },
    )
  })

  it('leaves the command alone without variables', () => {
    expect(withEnv(undefined, 'ls')).toBe('ls')
    expect(withEnv({}, 'ls')).toBe('ls')
  })
})
