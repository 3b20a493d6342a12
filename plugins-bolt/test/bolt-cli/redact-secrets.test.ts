import { describe, expect, it } from 'vitest'
import { outputExcerpt } from '../../src/bolt-cli/output-excerpt.js'
import { redactSecrets } from '../../src/bolt-cli/redact-secrets.js'

describe('redactSecrets', () => {
  it('replaces every occurrence, longest secret first, and leaves values too short to be credentials', () => {
    expect(redactSecrets('pw=hunter2 and hunter2-extra, id=42', ['hunter2', 'hunter2-extra', '42'])).toBe('pw=[redacted] and [redacted], id=42')
  })
})

describe('outputExcerpt', () => {
  it('strips colours, drops blank lines and redacts', () => {
    expect(outputExcerpt('\u001b[31mError\u001b[0m: token abcd1234\n\n   \nnext\n', ['abcd1234'])).toBe('Error: token [redacted]\nnext')
  })

  it('cuts long output and marks the cut', () => {
    expect(outputExcerpt('x'.repeat(5000))).toBe(`${'x'.repeat(2000)}…`)
    expect(outputExcerpt('')).toBe('')
  })
})
