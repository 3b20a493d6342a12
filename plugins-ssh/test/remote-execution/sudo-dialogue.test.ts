import { describe, expect, it } from 'vitest'
import { SudoDialogue, sudoRefusalMessage } from '../../src/remote-execution/sudo-dialogue.js'
import { sudoCommandLine } from '../../src/remote-execution/sudo.js'

const nonce = 'capstan-exec-0123456789abcdef'

function dialogue(password: string | undefined) {
  const written: string[] = []
  const calls = { ended: 0, running: 0 }
  const d = new SudoDialogue(nonce, password, { write: (text) => written.push(text), end: () => calls.ended++ }, () => calls.running++)
  const push = (text: string) => d.push(Buffer.from(text)).map((b) => b.toString()).join('')
  return { d, written, calls, push }
}

describe('SudoDialogue', () => {
  it('writes the password only once the prompt marker has fully arrived, even split across chunks', () => {
    const { written, push } = dialogue('s3cret')
    expect(push(`${nonce} sudo-pr`)).toBe('')
    expect(written).toEqual([])
    push('ompt')
    expect(written).toEqual(['s3cret\n'])
  })

  it('hands out the command stderr after the ok marker, without markers', () => {
    const { d, calls, push } = dialogue('s3cret')
    push(`${nonce} sudo-prompt`)
    expect(push(`${nonce} sudo-o`)).toBe('')
    expect(calls.running).toBe(0)
    expect(push(`k\nfirst`)).toBe('first')
    expect(calls.running).toBe(1)
    expect(push(`${nonce} sudo-prompt again`)).toBe(`${nonce} sudo-prompt again`) // the command's own output is left alone
    expect(d.refusal()).toBeUndefined()
  })

  it('runs without writing anything when sudo does not ask (cached credentials)', () => {
    const { written, calls, push } = dialogue('s3cret')
    expect(push(`${nonce} sudo-ok\n`)).toBe('')
    expect(written).toEqual([])
    expect(calls.running).toBe(1)
  })

  it('closes stdin at a second prompt and reports a rejected password, masked in what sudo said', () => {
    const { d, written, calls, push } = dialogue('s3cret')
    push(`${nonce} sudo-prompt`)
    push(`Sorry, try again (s3cret).\n${nonce} sudo-prompt`)
    expect(written).toEqual(['s3cret\n'])
    expect(calls.ended).toBe(1)
    expect(d.flush().toString()).toBe('Sorry, try again (********).\n')
    expect(d.refusal()).toBe('rejected')
  })

  it('closes stdin at once when sudo asks and there is no password', () => {
    const { d, written, calls, push } = dialogue(undefined)
    push(`${nonce} sudo-prompt\nsudo: a password is required\n`)
    expect(written).toEqual([])
    expect(calls.ended).toBe(1)
    expect(d.flush().toString()).toBe('sudo: a password is required\n')
    expect(d.refusal()).toBe('no-password')
    expect(sudoRefusalMessage('no-password', 'n1')).toMatch(/sudo asked for a password; set sudo\.password/)
  })

  it('names what sudo said when it refused without asking', () => {
    const { d, push } = dialogue('s3cret')
    push('sudo: unknown user nobody2\nsudo: error initializing audit plugin sudoers_audit\n')
    d.flush()
    expect(d.refusal()).toBe('refused')
    expect(sudoRefusalMessage('refused', 'n1', d.said)).toBe('On n1: sudo did not run the command (sudo: unknown user nobody2)')
  })
})

describe('sudoCommandLine', () => {
  it('refuses a password sudo could not read as one line, without quoting it', () => {
    expect(() => sudoCommandLine({ password: 'top\nsecret' }, nonce, 'true')).toThrow(expect.objectContaining({ code: 'VALIDATION_ERROR', message: expect.not.stringContaining('secret') }))
  })

  it('never puts the password on the command line', () => {
    const line = sudoCommandLine({ user: 'nobody', password: 'top-secret' }, nonce, 'true', { cwd: '/tmp' })
    expect(line).not.toContain('top-secret')
    expect(line).toContain(`-p '${nonce} sudo-prompt' -u 'nobody' --`)
  })
})
