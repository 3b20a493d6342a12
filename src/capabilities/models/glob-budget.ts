import { isGlob } from '../../patterns/parse-glob.js'
import { inputLimits } from './input-limits.js'

/** Characters that may make a name a glob; a name without any is a plain name, compared exactly. */
const GLOB_SYNTAX = /[*?[{\\]/

/**
 * Whether the globs among `names` fit one call's budget: at most
 * `inputLimits.globs` globs and `inputLimits.globCharacters` characters of
 * them. Matching is linear in every case (RE2), but compiling the globs of a
 * call into one program is not free: 10,000 globs of 100 characters held the
 * event loop for seconds. Plain names cost a set lookup and are not counted.
 */
export function withinGlobBudget(names: readonly string[]): boolean {
  let globs = 0
  let characters = 0
  for (const name of names) {
    if (!GLOB_SYNTAX.test(name) || !isGlob(name)) continue
    globs++
    characters += name.length
    if (globs > inputLimits.globs || characters > inputLimits.globCharacters) return false
  }
  return true
}

/** What a list over the budget is told. */
export const globBudgetMessage = `must have at most ${inputLimits.globs} globs and ${inputLimits.globCharacters} characters of globs (names with * ? [ or {); plain names are not counted`
