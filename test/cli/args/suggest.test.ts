import { describe, expect, it } from 'vitest'
import { damerauLevenshtein, suggest } from '../../../src/cli/args/index.js'

describe('damerauLevenshtein', () => {
  it('counts an adjacent swap as one edit', () => {
    expect(damerauLevenshtein('comamnd', 'command')).toBe(1)
    expect(damerauLevenshtein('command', 'command')).toBe(0)
    expect(damerauLevenshtein('', 'abc')).toBe(3)
    expect(damerauLevenshtein('kitten', 'sitting')).toBe(3)
  })
})

describe('suggest', () => {
  const flags = ['targets', 'command', 'env', 'timeout-ms', 'cwd', 'run-as']

  it('finds the nearest candidate for a typo, a swap or a missing letter', () => {
    expect(suggest('comand', flags)).toBe('command')
    expect(suggest('tragets', flags)).toBe('targets')
    expect(suggest('timeout', flags)).toBeUndefined()
    expect(suggest('timout-ms', flags)).toBe('timeout-ms')
  })

  it('suggests nothing when no candidate is close', () => {
    expect(suggest('banana', flags)).toBeUndefined()
    expect(suggest('xy', ['ab', 'cd'])).toBeUndefined()
    expect(suggest('anything', [])).toBeUndefined()
  })

  it('allows more edits for long words (a third of the length)', () => {
    expect(suggest('infrastructur-providr', ['infrastructure-provider'])).toBe('infrastructure-provider')
    expect(suggest('inventroy', ['inventory', 'info', 'command'])).toBe('inventory')
  })

  it('ignores case and prefers the earlier candidate on a tie', () => {
    expect(suggest('COMMAND', ['command'])).toBe('command')
    expect(suggest('lst', ['list', 'last'])).toBe('list')
  })

  it('suggests unknown commands among command words', () => {
    expect(suggest('invntory', ['inventory', 'info', 'command', 'reports'])).toBe('inventory')
    expect(suggest('reprts', ['inventory', 'info', 'command', 'reports'])).toBe('reports')
  })
})
