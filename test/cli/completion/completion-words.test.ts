import { describe, expect, it } from 'vitest'
import { BUILT_IN_WORDS, GLOBAL_FLAG_WORDS } from '../../../src/cli/completion/completion-words.js'
import { GLOBAL_FLAG_NAMES } from '../../../src/cli/global-flags.js'

describe('completion words', () => {
  it('offers exactly the global flags the CLI parses', () => {
    expect(GLOBAL_FLAG_WORDS.map((f) => f.name).sort()).toEqual([...GLOBAL_FLAG_NAMES].sort())
  })

  it('offers the built-in commands', () => {
    expect(BUILT_IN_WORDS.map((b) => b.name)).toEqual(['help', 'plugins', 'health', 'capabilities', 'completion'])
  })
})
