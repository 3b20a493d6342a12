import { describe, expect, it } from 'vitest'
import { isCapstanError, type CapstanError } from 'capstan'
import type { TaskMetadata } from '../../../src/local/tasks/task-metadata.js'
import { validateTaskParams } from '../../../src/local/tasks/validate-task-params.js'
import { thrownBy } from '@capstan/test-support/errors'

const greet: TaskMetadata = {
  parameters: {
    name: { type: 'String[1]' },
    greeting: { type: 'Optional[Enum[hello, hi]]' },
    times: { type: 'Integer[1, 5]', default: 1 },
    token: { type: 'String[8]', sensitive: true },
    loose: {},
  },
}

function issuesOf(error: CapstanError): Array<{ path: string; message: string }> {
  return error.details.issues as Array<{ path: string; message: string }>
}

describe('validateTaskParams', () => {
  it('applies defaults and leaves optional parameters out', () => {
    expect(validateTaskParams(greet, { name: 'Ada', token: 'secret-token' }, 'greet')).toEqual({ params: { name: 'Ada', token: 'secret-token', times: 1 }, notes: [] })
    expect(validateTaskParams(greet, { name: 'Ada', token: 'secret-token', times: 3, greeting: 'hi', loose: [1] }).params).toMatchObject({ times: 3, greeting: 'hi', loose: [1] })
  })

  it('names a missing required parameter with its path and type', () => {
    const error = thrownBy(() => validateTaskParams(greet, { token: 'secret-token' }, 'greet'))
    expect(error.code).toBe('VALIDATION_ERROR')
    expect(issuesOf(error)).toEqual([{ path: 'params.name', message: 'required parameter is missing (expects String[1])' }])
    expect(error.message).toContain('Invalid parameters for task "greet": params.name')
    expect(error.details).toMatchObject({ task: 'greet', field: 'params.name' })
  })

  it('rejects a parameter the metadata does not declare, listing the accepted ones', () => {
    const error = thrownBy(() => validateTaskParams(greet, { name: 'Ada', token: 'secret-token', nmae: 'x' }, 'greet'))
    expect(issuesOf(error)).toEqual([{ path: 'params.nmae', message: 'unknown parameter; task greet accepts name, greeting, times, token, loose' }])
  })

  it('rejects values of the wrong type or outside an Enum, naming path and expected type', () => {
    const error = thrownBy(() => validateTaskParams(greet, { name: 42, greeting: 'hey', times: 9, token: 'secret-token' }, 'greet'))
    expect(issuesOf(error)).toEqual([
      { path: 'params.name', message: 'expects String[1], got Integer 42' },
      { path: 'params.greeting', message: 'expects Optional[Enum[hello, hi]], got String "hey"' },
      { path: 'params.times', message: 'expects Integer[1, 5], got Integer 9' },
    ])
  })

  it('never echoes the value of a sensitive parameter', () => {
    const error = thrownBy(() => validateTaskParams(greet, { name: 'Ada', token: 'short' }))
    expect(issuesOf(error)).toEqual([{ path: 'params.token', message: 'expects String[8], got String' }])
    expect(error.message).not.toContain('short')
  })

  it('accepts any parameters when the metadata declares none, as Bolt does', () => {
    expect(validateTaskParams({}, { anything: [1, 2] }).params).toEqual({ anything: [1, 2] })
    const error = thrownBy(() => validateTaskParams({ parameters: {} }, { anything: 1 }, 'disk'))
    expect(issuesOf(error)[0]?.message).toBe('unknown parameter; task disk accepts no parameters')
  })

  it('allows _noop only for tasks that support noop', () => {
    expect(validateTaskParams({ supports_noop: true }, { _noop: true }).params).toEqual({ _noop: true })
    expect(issuesOf(thrownBy(() => validateTaskParams({ parameters: {} }, { _noop: true }, 't')))).toEqual([{ path: 'params._noop', message: 'task t does not support noop' }])
  })

  it('notes parameters whose type it cannot check, and accepts their values', () => {
    const result = validateTaskParams({ parameters: { path: { type: 'Stdlib::Absolutepath' } } }, { path: 'relative' }, 'mod::t')
    expect(result.params).toEqual({ path: 'relative' })
    expect(result.notes).toEqual(['task mod::t parameter path: type Stdlib::Absolutepath is not known to Capstan, so its values are not checked'])
  })

  it('reports a malformed declared type as CONFIG_ERROR naming task and parameter', () => {
    const error = thrownBy(() => validateTaskParams({ parameters: { n: { type: 'Integer[' } } }, { n: 1 }, 'broken'))
    expect(error.code).toBe('CONFIG_ERROR')
    expect(error.message).toContain('Task broken parameter n')
    expect(error.details).toMatchObject({ task: 'broken', parameter: 'n', type: 'Integer[' })
  })
})

describe('validateTaskParams errors stay small', () => {
  it('lists at most 20 of 10,000 unknown parameters, counts the rest, and cuts long names', () => {
    const params = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`p${i}${'x'.repeat(i === 0 ? 5_000 : 0)}`, i]))
    let caught: unknown
    try {
      validateTaskParams({ parameters: { name: { type: 'Optional[String]' } } }, params, 'greet')
    } catch (error) {
      caught = error
    }
    expect(isCapstanError(caught, 'VALIDATION_ERROR')).toBe(true)
    const error = caught as CapstanError
    expect((error.details.issues as unknown[]).length).toBe(20)
    expect(error.details.issuesOmitted).toBe(9_980)
    expect(error.message).toMatch(/; and 9980 more$/)
    expect(JSON.stringify(error).length).toBeLessThan(10_000)
  })
})
