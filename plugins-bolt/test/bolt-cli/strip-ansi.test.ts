import { describe, expect, it } from 'vitest'
import { stripAnsi } from '../../src/bolt-cli/strip-ansi.js'
import { sample } from '../support/samples.js'

describe('stripAnsi', () => {
  it('removes the colours of Bolt\'s stream warning, the stray reset included', () => {
    const warning = "The 'stream' option is experimental, and might include breaking changes between minor versions. [ID: stream_experimental]\n"
    expect(stripAnsi(sample('command_stream_json').err)).toBe(warning)
    expect(stripAnsi(sample('command_stream_nocolor').err)).toBe(warning)
  })

  it('removes cursor movement and two-character escapes, and nothing else', () => {
    expect(stripAnsi('\u001b[2K\u001b[1Gdone \u001b(B[ok]\u001bM 100%')).toBe('done [ok] 100%')
  })
})
