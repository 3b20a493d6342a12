import { isCapstanError, TaskInfo } from 'capstan'
import { describe, expect, it } from 'vitest'
import { mapTaskList, mapTaskShow } from '../../src/remote-execution/index.js'
import { catchError } from '@capstan/test-support/catch-error'
import { sampleJson } from '../support/samples.js'

describe('mapTaskList', () => {
  it('reads the [name, description] pairs of `bolt task show`', () => {
    expect(mapTaskList(sampleJson('task_show_list.out'))).toEqual([
      { name: 'facts', description: 'Gather system facts' },
      { name: 'sdkdemo::greet', description: 'Greets someone and echoes structured JSON back' },
      { name: 'sdkdemo::plain', description: 'Task that prints plain (non-JSON) text; params via stdin JSON' },
    ])
  })

  it('lists a task without a description by name only', () => {
    expect(mapTaskList({ tasks: [['mymod::bare', null], ['mymod::short']] })).toEqual([{ name: 'mymod::bare' }, { name: 'mymod::short' }])
  })

  it('names the command and the field when the list is not what Bolt prints', () => {
    expect(catchError(() => mapTaskList({ tasks: [['facts', 'ok'], [42, 'x']] }))).toMatchObject({
      code: 'PLUGIN_ERROR',
      details: { command: 'bolt task show --format json', field: 'tasks[1][0]' },
    })
    expect(catchError(() => mapTaskList({ modulepath: [] }))).toMatchObject({ code: 'PLUGIN_ERROR', details: { field: 'tasks' } })
  })
})

describe('mapTaskShow', () => {
  it('maps sdkdemo::greet with its Puppet types, defaults and required flags', () => {
    const task = mapTaskShow(sampleJson('task_show_one.out'))
    expect(task).toEqual({
      name: 'sdkdemo::greet',
      description: 'Greets someone and echoes structured JSON back',
      parameters: {
        name: { type: 'String[1]', description: 'Who to greet', required: true },
        times: { type: 'Optional[Integer[1,5]]', description: 'How many times', default: 1, required: false },
        fail: { type: 'Optional[Boolean]', description: 'Exit non-zero with a Bolt error object', required: false },
      },
    })
    expect(TaskInfo.parse(task)).toEqual(task)
  })

  it('maps the built-in facts task, which takes no parameters', () => {
    expect(mapTaskShow(sampleJson('task_show_facts.out'))).toEqual({ name: 'facts', description: 'Gather system facts', parameters: {} })
  })

  it('makes a parameter optional when it has a default or its type accepts undef; hides sensitive defaults', () => {
    const json = {
      name: 'mymod::deploy',
      metadata: {
        parameters: {
          version: { type: 'String', default: '1.0' },
          untyped: { description: 'anything' },
          maybe: { type: 'Variant[String, Undef]' },
          data: { type: 'Data' },
          strict: { type: 'NotUndef[String]' },
          token: { type: 'String', sensitive: true, default: 'hunter2' },
          nulled: { type: 'String', default: null },
        },
      },
    }
    expect(mapTaskShow(json)).toEqual({
      name: 'mymod::deploy',
      parameters: {
        version: { type: 'String', default: '1.0', required: false },
        untyped: { description: 'anything', required: false },
        maybe: { type: 'Variant[String, Undef]', required: false },
        data: { type: 'Data', required: false },
        strict: { type: 'NotUndef[String]', required: true },
        token: { type: 'String', required: false },
        nulled: { type: 'String', default: null, required: false },
      },
    })
  })

  it('maps a task without metadata', () => {
    expect(mapTaskShow({ name: 'mymod', metadata: {}, files: [] })).toEqual({ name: 'mymod', parameters: {} })
  })

  it('names the task, the command and the field when the output is not what Bolt prints', () => {
    const error = catchError(() => mapTaskShow({ name: 'sdkdemo::greet', metadata: { parameters: { name: { type: 5 } } } }))
    expect(isCapstanError(error, 'PLUGIN_ERROR')).toBe(true)
    expect(error).toMatchObject({ details: { command: 'bolt task show sdkdemo::greet --format json', field: 'metadata.parameters.name.type' } })
    expect(catchError(() => mapTaskShow({ metadata: {} }, 'mymod::x'))).toMatchObject({
      details: { command: 'bolt task show mymod::x --format json', field: 'name' },
    })
  })

  it("fails with Bolt's message for an unknown task", () => {
    const json = { _error: { kind: 'bolt/unknown-task', msg: "Could not find a task named 'sdkdemo::nope'.", details: {} } }
    const error = catchError(() => mapTaskShow(json, 'sdkdemo::nope'))
    expect((error as Error).message).toBe("`bolt task show sdkdemo::nope --format json` failed: Could not find a task named 'sdkdemo::nope'.")
    expect(error).toMatchObject({ code: 'PLUGIN_ERROR', details: { reason: 'bolt/unknown-task' } })
  })
})
