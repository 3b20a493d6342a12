import { describe, expect, it } from 'vitest'
import { parseOsRelease } from '../../src/local/parse-os-release.js'

describe('parseOsRelease', () => {
  it('reads a real Debian os-release', () => {
    const text = [
      'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"',
      'NAME="Debian GNU/Linux"',
      'VERSION_ID="12"',
      'VERSION="12 (bookworm)"',
      'VERSION_CODENAME=bookworm',
      'ID=debian',
      'HOME_URL="https://www.debian.org/"',
    ].join('\n')
    expect(parseOsRelease(text)).toEqual({
      PRETTY_NAME: 'Debian GNU/Linux 12 (bookworm)',
      NAME: 'Debian GNU/Linux',
      VERSION_ID: '12',
      VERSION: '12 (bookworm)',
      VERSION_CODENAME: 'bookworm',
      ID: 'debian',
      HOME_URL: 'https://www.debian.org/',
    })
  })

  it('skips comments, blank lines and lines that are not assignments', () => {
    expect(parseOsRelease('# a comment\n\n   \nID=alpine\n  # indented comment\nnot an assignment\n=nokey\n')).toEqual({ ID: 'alpine' })
  })

  it('handles single quotes literally and double-quote escapes', () => {
    const text = `A='it''s $HOME \\n'\nB="say \\"hi\\" \\$5 \\\\ \\x"\nC=bare\\ word\nD=""\nE=con"cat"'ed'\n`
    expect(parseOsRelease(text)).toEqual({ A: 'its $HOME \\n', B: 'say "hi" $5 \\ \\x', C: 'bare word', D: '', E: 'concated' })
  })

  it('ends a bare value at a blank, dropping a trailing comment', () => {
    expect(parseOsRelease('ID=fedora # the distro\nVERSION_ID=40\r\n')).toEqual({ ID: 'fedora', VERSION_ID: '40' })
  })

  it('drops a value whose quote is never closed instead of guessing', () => {
    expect(parseOsRelease('NAME="Broken\nID=arch\n')).toEqual({ ID: 'arch' })
  })
})
