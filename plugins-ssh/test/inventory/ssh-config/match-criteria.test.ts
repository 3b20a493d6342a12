import { isCapstanError } from 'capstan'
import { describe, expect, it } from 'vitest'
import { catchError } from '@capstan/test-support/catch-error'
import { matchApplies, parseMatchCriteria, requestsFinalPass, type MatchContext } from '../../../src/inventory/ssh-config/match-criteria.js'

const context: MatchContext = { host: 'db2.internal', originalHost: 'db2', user: 'deploy', localUser: 'ops', finalPass: false }
const applies = (line: string, overrides: Partial<MatchContext> = {}) => matchApplies(parseMatchCriteria(line.split(' '), 'cfg', 1), { ...context, ...overrides })

describe('Match criteria', () => {
  it.each([
    ['all', true],
    ['!all', false],
    ['host *.INTERNAL', true],
    ['host db2', false],
    ['originalhost DB2', true],
    ['!originalhost db2', false],
    ['host *.internal,!db2.*', false],
    ['user deploy', true],
    ['user Deploy', false],
    ['localuser ops,root', true],
    ['!localuser root host db2.internal', true],
    ['host db2.internal user nobody', false],
    ['host db2.internal all', true],
  ])('Match %s: %s', (line, expected) => {
    expect(applies(line)).toBe(expected)
  })

  it('holds canonical and final only on the final pass, as OpenSSH does with canonicalisation off', () => {
    expect([applies('canonical'), applies('final'), applies('!canonical')]).toEqual([false, false, true])
    expect([applies('canonical', { finalPass: true }), applies('final', { finalPass: true }), applies('!final', { finalPass: true })]).toEqual([true, true, false])
  })

  it('never applies a line with exec, negated or not, and needs no command run to say so', () => {
    expect(applies('host db2.internal exec true')).toBe(false)
    expect(applies('!exec false')).toBe(false)
  })

  it('asks for the final pass on any line with final, whether the line matches or not', () => {
    expect(requestsFinalPass(parseMatchCriteria(['host', 'nowhere', 'final'], 'cfg', 1))).toBe(true)
    expect(requestsFinalPass(parseMatchCriteria(['!final'], 'cfg', 1))).toBe(false)
  })

  it.each([
    [['host'], 'Match host has no argument'],
    [['all', 'host', 'x'], 'Match all cannot be combined with other criteria'],
    [['host', 'x', 'user', 'y', 'all'], 'Match all cannot be combined with other criteria'],
    [['frobnicate', 'x'], 'Match criterion "frobnicate" is not one OpenSSH knows'],
  ])('refuses %j as OpenSSH does, naming file and line', (args, message) => {
    const error = catchError(() => parseMatchCriteria(args, 'cfg', 7))
    expect(isCapstanError(error, 'CONFIG_ERROR')).toBe(true)
    expect((error as Error).message).toBe(`Invalid ssh_config cfg: line 7: ${message}`)
    expect(error).toMatchObject({ details: { file: 'cfg', line: 7 } })
  })
})
