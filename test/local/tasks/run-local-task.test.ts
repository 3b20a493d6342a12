import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { CapstanError, type NodeEvent } from 'capstan'
import { runLocalTask, type TaskBatch } from '../../../src/local/tasks/run-local-task.js'
import { rejection } from '@capstan/test-support/async'
import { collect, contextWith, finishedOf, localhost, outputOf, remote, stillRunning } from '../execution/local-batch.js'
import { taskTrees } from './task-tree.js'

const examples = fileURLToPath(new URL('../../../examples/tasks', import.meta.url))

// Echoes what the task received: PT_ variables and stdin, as one JSON object.
const echoTask = `#!/bin/sh
input=$(cat)
printf '{"env_name": "%s", "env_count": %s, "env_list": %s, "env_task": "%s", "env_installdir": "%s", "stdin": %s}' "$PT_name" "\${PT_count:-null}" "\${PT_list:-null}" "$PT__task" "$PT__installdir" "\${input:-null}"
`

function batch(task: string, params: Record<string, unknown> = {}, extra: Partial<TaskBatch> = {}): TaskBatch {
  return { nodes: [localhost], task, params, ...extra }
}

describe('runLocalTask', () => {
  const tree = taskTrees()

  it('runs the example greet task: JSON stdout becomes the value, streamed as output too', async () => {
    const events = await collect(runLocalTask(batch('greet', { name: 'Ada', greeting: 'hi' }), contextWith(), { tasksDir: examples }))
    expect(events[0]).toEqual({ type: 'node:started', node: 'localhost' })
    expect(outputOf(events)).toBe('{"message": "hi, Ada!"}\n')
    expect(finishedOf(events)).toEqual({ type: 'node:finished', node: 'localhost', status: 'success', exitCode: 0, value: { message: 'hi, Ada!' } })
  })

  it('runs the example disk task: plain text becomes { _output }', async () => {
    const finished = finishedOf(await collect(runLocalTask(batch('disk'), contextWith(), { tasksDir: examples })))
    expect(finished.status).toBe('success')
    expect((finished.value as { _output: string })._output).toMatch(/^Filesystem/)
  })

  it('delivers parameters both as PT_ variables (non-strings JSON-encoded) and as JSON on stdin, with _task and _installdir', async () => {
    const dir = await tree({
      'echo.json': { parameters: { name: { type: 'String' }, count: { type: 'Integer', default: 7 }, list: { type: 'Array[String]' } } },
      'echo.sh': echoTask,
    })
    const params = { name: 'it\'s $(not) run', list: ['a', 'b c'] }
    const finished = finishedOf(await collect(runLocalTask(batch('echo', params), contextWith(), { tasksDir: dir })))
    expect(finished.value).toEqual({
      env_name: params.name,
      env_count: 7,
      env_list: ['a', 'b c'],
      env_task: 'echo',
      env_installdir: dir,
      stdin: { ...params, count: 7, _task: 'echo', _installdir: dir },
    })
  })

  it('honours input_method: stdin only, or environment only', async () => {
    const dir = await tree({
      'viastdin.json': { input_method: 'stdin', parameters: { name: { type: 'String' } } },
      'viastdin.sh': echoTask,
      'viaenv.json': { input_method: 'environment', parameters: { name: { type: 'String' } } },
      'viaenv.sh': echoTask,
    })
    const stdinOnly = finishedOf(await collect(runLocalTask(batch('viastdin', { name: 'x' }), contextWith(), { tasksDir: dir }))).value
    expect(stdinOnly).toMatchObject({ env_name: '', env_task: '', stdin: { name: 'x', _task: 'viastdin' } })
    const envOnly = finishedOf(await collect(runLocalTask(batch('viaenv', { name: 'x' }), contextWith(), { tasksDir: dir }))).value
    expect(envOnly).toMatchObject({ env_name: 'x', env_task: 'viaenv', stdin: null })
  })

  it('lets PT_ variables win over the caller env, and passes the rest of env', async () => {
    const dir = await tree({ 'e.json': { parameters: { name: { type: 'String' } } }, 'e.sh': '#!/bin/sh\nprintf "%s %s" "$PT_name" "$OTHER"\n' })
    const events = await collect(runLocalTask(batch('e', { name: 'param' }, { env: { PT_name: 'env', OTHER: 'o' } }), contextWith(), { tasksDir: dir }))
    expect(finishedOf(events).value).toEqual({ _output: 'param o' })
  })

  it('turns an _error value into a failure with its kind, msg and details', async () => {
    const dir = await tree({ 'fail.sh': `#!/bin/sh\necho '{"_error": {"kind": "mymod/not-installed", "msg": "openssl is not installed", "details": {"package": "openssl"}}}'\n` })
    const finished = finishedOf(await collect(runLocalTask(batch('fail'), contextWith(), { tasksDir: dir })))
    expect(finished.status).toBe('failure')
    expect(finished.exitCode).toBe(0)
    expect(finished.error).toEqual({ code: 'mymod/not-installed', message: 'openssl is not installed', details: { package: 'openssl' } })
    expect(finished.value).toMatchObject({ _error: { kind: 'mymod/not-installed' } })
  })

  it('fails on a non-zero exit, with Bolt\'s task error and the value still parsed', async () => {
    const dir = await tree({ 'half.sh': '#!/bin/sh\necho \'{"done": 1}\'\necho oops >&2\nexit 2\n' })
    const events = await collect(runLocalTask(batch('half'), contextWith(), { tasksDir: dir }))
    expect(outputOf(events, 'stderr')).toBe('oops\n')
    expect(finishedOf(events)).toEqual({
      type: 'node:finished',
      node: 'localhost',
      status: 'failure',
      exitCode: 2,
      value: { done: 1 },
      error: { code: 'puppetlabs.tasks/task-error', message: 'The task failed with exit code 2', details: { exit_code: 2 } },
    })
  })

  it('runs a task file without the execute bit through the interpreter of its extension', async () => {
    const dir = await tree({
      'viajs.js': { text: "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>console.log(JSON.stringify({runtime:'node',name:JSON.parse(s).name})))", executable: false },
      'viash.sh': { text: 'echo "{\\"shell\\": \\"$PT_name\\"}"', executable: false },
    })
    const js = finishedOf(await collect(runLocalTask(batch('viajs', { name: 'n' }), contextWith(), { tasksDir: dir })))
    expect(js).toMatchObject({ status: 'success', value: { runtime: 'node', name: 'n' } })
    const sh = finishedOf(await collect(runLocalTask(batch('viash', { name: 's' }), contextWith(), { tasksDir: dir })))
    expect(sh).toMatchObject({ status: 'success', value: { shell: 's' } })
  })

  it('throws NOT_FOUND for an unknown task before yielding anything', async () => {
    const iterator = runLocalTask(batch('nope::missing'), contextWith(), { tasksDir: examples })
    const error = await rejection(iterator.next(), 'NOT_FOUND')
    expect(error.message).toContain('nope::missing')
    expect(error.message).not.toContain(examples)
  })

  it('throws VALIDATION_ERROR for bad parameters before anything runs', async () => {
    const dir = await tree({ 'touchy.json': { parameters: { mode: { type: 'Enum[a, b]' } } }, 'touchy.sh': '#!/bin/sh\ntouch "$PT__installdir/ran"\n' })
    const events: NodeEvent[] = []
    const run = async () => {
      for await (const event of runLocalTask(batch('touchy', { mode: 'c', extra: 1 }), contextWith(), { tasksDir: dir })) events.push(event)
    }
    const error = await rejection(run(), 'VALIDATION_ERROR')
    expect(error.details.issues).toEqual([
      { path: 'params.extra', message: 'unknown parameter; task touchy accepts mode' },
      { path: 'params.mode', message: 'expects Enum[a, b], got String "c"' },
    ])
    expect(events).toEqual([])
    expect(existsSync(join(dir, 'ran'))).toBe(false)
  })

  it('logs a warning for a parameter type it cannot check', async () => {
    const dir = await tree({ 'p.json': { parameters: { path: { type: 'Stdlib::Absolutepath' } } }, 'p.sh': '#!/bin/sh\necho ok\n' })
    const ctx = contextWith()
    expect(finishedOf(await collect(runLocalTask(batch('p', { path: '/tmp' }), ctx, { tasksDir: dir }))).status).toBe('success')
    expect(ctx.logger.records).toEqual([expect.objectContaining({ level: 'warn', msg: expect.stringContaining('Stdlib::Absolutepath') })])
  })

  it('kills the task on a timeout and ends the node as timeout', async () => {
    const dir = await tree({ 'slow.sh': '#!/bin/sh\necho $$\nexec sleep 30\n' })
    const controller = new AbortController()
    const events: NodeEvent[] = []
    for await (const event of runLocalTask(batch('slow'), contextWith(controller.signal), { tasksDir: dir, graceMs: 200 })) {
      events.push(event)
      if (event.type === 'node:output') controller.abort(new CapstanError('TIMEOUT'))
    }
    expect(finishedOf(events)).toMatchObject({ status: 'timeout', exitCode: null, signal: 'SIGTERM', error: { code: 'TIMEOUT' } })
    expect(finishedOf(events).value).toBeUndefined()
    expect(await stillRunning([Number(outputOf(events).trim())])).toEqual([])
  })

  it('refuses remote nodes with error NOT_FOUND', async () => {
    const events = await collect(runLocalTask({ ...batch('disk'), nodes: [remote] }, contextWith(), { tasksDir: examples }))
    expect(finishedOf(events, remote.id)).toMatchObject({ status: 'error', error: { code: 'NOT_FOUND' } })
  })
})
