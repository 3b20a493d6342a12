import { describe, expect, it } from 'vitest'
import { readSessionMarker } from '../../src/remote-execution/session-marker.js'

const nonce = 'capstan-exec-0123456789abcdef'

describe('readSessionMarker', () => {
  it('reads the process group and the login shell', () => {
    expect(readSessionMarker(`${nonce} group 4242 shell /bin/bash`, nonce)).toEqual({ target: { kind: 'group', id: 4242 }, shell: '/bin/bash' })
  })

  it('reads a lone pid, and an empty $SHELL as no shell', () => {
    expect(readSessionMarker(`${nonce} pid 17`, nonce)).toEqual({ target: { kind: 'pid', id: 17 }, shell: undefined })
    expect(readSessionMarker(`${nonce} group 5 shell `, nonce)).toEqual({ target: { kind: 'group', id: 5 }, shell: undefined })
  })

  it('ignores a line of another nonce or of the command', () => {
    expect(readSessionMarker(`capstan-exec-ffffffffffffffff group 1 shell /bin/sh`, nonce)).toBeUndefined()
    expect(readSessionMarker('sh: 1: syntax error', nonce)).toBeUndefined()
  })
})
