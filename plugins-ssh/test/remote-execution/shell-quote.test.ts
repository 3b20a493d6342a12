import { execFileSync } from 'node:child_process'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { quoteArgv, quoteWord } from '../../src/remote-execution/shell-quote.js'

/** What `/bin/sh` makes of a command line: the NUL-separated words printf receives. */
function shellWords(line: string): string[] {
  const out = execFileSync('/bin/sh', ['-c', line], { env: { PATH: process.env.PATH } })
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
