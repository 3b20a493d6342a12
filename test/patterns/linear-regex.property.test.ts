// RE2 replaced RegExp for callers' patterns: on the syntax both read alike, it must give
// the same answers. Only single characters and classes repeat, patterns are shallow and
// texts short, so RegExp's backtracking stays small here: repeated groups made it take
// minutes on 10 characters (the very thing RE2 is for; linear-regex.test.ts has those).
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compileLinearRegex } from '../../src/patterns/linear-regex.js'

const numRuns = Number(process.env.FC_RUNS ?? 300)

/** Patterns in the syntax RE2 and JavaScript share: classes, escapes, groups, alternation, greedy and lazy quantifiers. */
const pattern = fc.letrec((tie) => ({
  atom: fc.oneof(
    { depthSize: 'small', maxDepth: 3 },
    fc.constantFrom('a', 'b', '.', '[ab]', '[^a]', '\\d', '\\w', '\\s', '7', 'A'),
    tie('group') as fc.Arbitrary<string>,
  ),
  group: fc.array(tie('sequence') as fc.Arbitrary<string>, { minLength: 1, maxLength: 2 }).map((alternatives) => `(${alternatives.join('|')})`),
  sequence: fc
    .array(fc.tuple(tie('atom') as fc.Arbitrary<string>, fc.constantFrom('', '', '*', '+', '?', '{1,2}', '{2}', '*?')), { minLength: 1, maxLength: 3 })
    .map((parts) => parts.map(([atom, quantifier]) => atom + (atom.startsWith('(') && quantifier !== '?' ? '' : quantifier)).join('')),
})).sequence
const anchored = fc.tuple(fc.boolean(), pattern, fc.boolean()).map(([start, body, end]) => `${start ? '^' : ''}${body}${end ? '$' : ''}`)
const text = fc.string({ unit: fc.constantFrom('a', 'b', '7', ' ', 'A', '-'), maxLength: 8 })

describe('compileLinearRegex against RegExp', () => {
  it('gives the same answer on the shared syntax', () => {
    fc.assert(
      fc.property(anchored, fc.array(text, { minLength: 1, maxLength: 5 }), (source, texts) => {
        const { regex, problem } = compileLinearRegex(source, { maxInstructions: Number.POSITIVE_INFINITY })
        expect(problem).toBeUndefined()
        const native = new RegExp(source)
        for (const sample of texts) expect({ source, sample, matches: regex!.test(sample) }).toEqual({ source, sample, matches: native.test(sample) })
      }),
      { numRuns },
    )
  })
})
