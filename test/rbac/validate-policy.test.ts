import { describe, expect, it } from 'vitest'
import { isCapstanError } from '../../src/errors/index.js'
import { validatePolicy } from '../../src/rbac/index.js'

function configErrorOf(input: unknown) {
  try {
    validatePolicy(input)
  } catch (error) {
    if (isCapstanError(error, 'CONFIG_ERROR')) return error
    throw error
  }
  throw new Error('expected a CONFIG_ERROR')
}

describe('validatePolicy', () => {
  it('returns a valid policy', () => {
    const policy = { roles: { ops: { allow: ['inventory.*', { capability: 'command.execute', nodes: ['web*', 'group:web'] }], deny: ['task.*'] } } }
    expect(validatePolicy(policy)).toEqual(policy)
  })

  it.each([
    [{ roles: { ops: { allow: ['inventory.*', '!command.*'] } } }, 'roles.ops.allow[1]'],
    [{ roles: { ops: { deny: [{ capability: 'command.execute', nodes: [] }] } } }, 'roles.ops.deny[0].nodes'],
    [{ roles: { ops: { allow: [{ capability: 'x', nodes: ['group:'] }] } } }, 'roles.ops.allow[0].nodes[0]'],
    [{ roles: { ops: { allow: [42] } } }, 'roles.ops.allow[0]'],
    [{ roles: { ops: { alow: ['*'] } } }, 'roles.ops.alow'],
    [{ roles: { ops: { allow: [{ capability: '' }] } } }, 'roles.ops.allow[0].capability'],
    [{}, 'roles'],
  ])('names the bad field of %j', (input, path) => {
    const error = configErrorOf(input)
    expect(error.message).toContain(path)
    expect(error.details['field']).toBe(path)
  })
})
