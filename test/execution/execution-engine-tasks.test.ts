import { localPlugin, type ExecutionEvent } from 'capstan'
import { createTestCapstan } from 'capstan/testing'
import { describe, expect, it } from 'vitest'
import { rejection, resolved, within } from '@capstan/test-support/async'
import { thrownBy } from '@capstan/test-support/errors'
import { eventsOf, exampleTasks } from '../support/executions.js'

const withTasks = () => createTestCapstan({ plugins: [localPlugin({ tasksDir: exampleTasks })] })

describe('a task with bad parameters', () => {
  it('is a VALIDATION_ERROR naming params.name before anything runs: result rejects, the iterator throws, no node starts', async () => {
    await using capstan = await withTasks()
    const run = capstan.task.execute({ targets: 'localhost', task: 'greet', params: {} })
    const seen: ExecutionEvent[] = []
    const iterated = (async () => {
      for await (const event of run) seen.push(event)
    })()

    const error = await rejection(within(run.result, 5000, 'the result'), 'VALIDATION_ERROR')
    const issues = (error.details.issues ?? []) as Array<{ path: string; message: string }>
    expect(issues.map((i) => i.path)).toEqual(['params.name'])
    expect(await rejection(within(iterated, 1000, 'the iteration'), 'VALIDATION_ERROR')).toBe(error)
    expect(seen.some((e) => e.type === 'node:started' || e.type === 'node:output' || e.type === 'node:finished' || e.type === 'finished')).toBe(false)
    expect(run.status).toBe('failure')
    // A late subscriber gets the same error, not an empty stream.
    await rejection(within(eventsOf(run.events()), 1000, 'the late iteration'), 'VALIDATION_ERROR')
  })

  it('gives invoke(\'task.execute\') the Execution at once, whose result rejects with the VALIDATION_ERROR', async () => {
    await using capstan = await withTasks()
    const run = await within(capstan.invoke('task.execute', { targets: 'localhost', task: 'greet', params: { name: '' } }), 5000, 'invoke')
    const error = await rejection(within(run.result, 5000, 'the result'), 'VALIDATION_ERROR')
    expect((error.details.issues as Array<{ path: string }>).map((i) => i.path)).toEqual(['params.name'])
  })

  it('names a parameter the task does not declare', async () => {
    await using capstan = await withTasks()
    const error = await rejection(within(capstan.task.run({ targets: 'localhost', task: 'greet', params: { name: 'Ada', colour: 'red' } }), 5000, 'the result'), 'VALIDATION_ERROR')
    expect((error.details.issues as Array<{ path: string }>).map((i) => i.path)).toEqual(['params.colour'])
  })
})

describe('an unknown task', () => {
  it('is NOT_FOUND before anything runs', async () => {
    await using capstan = await withTasks()
    const run = capstan.task.execute({ targets: 'localhost', task: 'no_such_task' })
    await rejection(within(run.result, 5000, 'the result'), 'NOT_FOUND')
    expect(run.status).toBe('failure')
  })
})

describe('bad input', () => {
  it('throws VALIDATION_ERROR synchronously from capstan.command.execute, naming the field', async () => {
    await using capstan = await withTasks()
    const error = thrownBy(() => capstan.command.execute({ targets: 'localhost' } as never))
    expect(error.code).toBe('VALIDATION_ERROR')
    expect(error.message).toContain('command')
    expect(capstan.queue.stats()).toMatchObject({ running: 0, queued: 0, completed: 0 })
  })

  it('rejects invoke with VALIDATION_ERROR', async () => {
    await using capstan = await withTasks()
    await rejection(capstan.invoke('command.execute', { targets: 'localhost', command: '' }), 'VALIDATION_ERROR')
  })
})

describe('tasks on the local plugin', () => {
  it('run greet and return its JSON object as the node\'s value', async () => {
    await using capstan = await withTasks()
    const result = await within(resolved(capstan.task.run({ targets: 'localhost', task: 'greet', params: { name: 'Ada "the first"', greeting: 'hi' } })), 5000, 'the result')
    expect(result.status).toBe('success')
    expect(result.capability).toBe('task.execute')
    expect(result.nodes[0]).toMatchObject({ node: 'localhost', status: 'success', exitCode: 0, value: { message: 'hi, Ada "the first"!' } })
  })

  it('run disk, whose plain-text output becomes { _output }', async () => {
    await using capstan = await withTasks()
    const result = await within(resolved(capstan.task.run({ targets: 'localhost', task: 'disk' })), 5000, 'the result')
    const value = result.nodes[0]?.value as { _output?: unknown }
    expect(typeof value._output).toBe('string')
    expect(value._output).toBe(result.nodes[0]?.stdout)
  })

  it('are listed by task.list with their parameters', async () => {
    await using capstan = await withTasks()
    const { tasks } = await capstan.task.list()
    expect(tasks.map((t) => t.name)).toEqual(['disk', 'greet'])
    const greet = tasks.find((t) => t.name === 'greet')
    expect(greet?.source).toBe('local')
    expect(greet?.parameters.name).toMatchObject({ type: 'String[1]', required: true })
    expect(greet?.parameters.greeting).toMatchObject({ type: 'Optional[Enum[hello, hi]]', required: false })
    expect(tasks.find((t) => t.name === 'disk')?.parameters).toEqual({})
  })
})
