// End to end: task.execute and task.list through `capstan.invoke`, answered by
// the fake bolt from the task_run_* and task_show_* recordings.
//
// Not replayable through the plugin, by design: task_run_greet,
// task_run_error_object, task_run_plain_output and task_run_bad_params were
// recorded with `name=value` parameters, which Bolt types differently from
// `--params` JSON (see the fake's README); the plugin always sends `--params`
// so that types survive, and the fake (rightly) does not treat the two as the
// same request. Their output is covered where it is parsed:
// test/remote-execution/item-to-node-event.test.ts (values, error objects, plain output)
// and test/bolt-cli/parse-bolt-result.test.ts (bad parameters → VALIDATION_ERROR
// naming each parameter).
import { describe, expect, it } from 'vitest'
import type { ExecutionEvent } from 'capstan'
import { testPlugin } from 'capstan/testing'
import { boltCapstan, newLogFile, rejection, runsOf, sampleError, sampleItem, targetsOf } from './support.js'

describe('task.execute through capstan.invoke', () => {
  it('task_run_greet_params: parameters as one `--params` JSON, the task\'s value with its types', async () => {
    const log = newLogFile()
    await using capstan = await boltCapstan(log)
    const run = await capstan.invoke('task.execute', { targets: 'local1', task: 'sdkdemo::greet', params: { name: 'Bob', times: 2 } })
    const result = await run.result
    const [entry] = runsOf(log, 'task run')
    expect(entry?.case).toBe('task_run_greet_params')
    expect(entry?.argv.slice(0, 3)).toEqual(['task', 'run', 'sdkdemo::greet'])
    const at = entry?.argv.indexOf('--params') ?? -1
    expect(at).toBeGreaterThan(0)
    expect(JSON.parse(entry?.argv[at + 1] ?? 'null')).toEqual({ name: 'Bob', times: 2 })
    // Never as name=value.
    expect(entry?.argv.some((arg) => /^(name|times)=/.test(arg))).toBe(false)
    expect(result.status).toBe('success')
    expect(result.nodes).toEqual([expect.objectContaining({ node: 'local1', status: 'success', value: sampleItem('task_run_greet_params', 'local1').value })])
    expect(result.nodes[0]?.value).toEqual({ greeting: 'hello Bob', times: 2, host: 'vm' })
  })

  it('task_run_unknown: NOT_FOUND with Bolt\'s message before any node event; the invoked execution\'s result rejects', async () => {
    const log = newLogFile()
    await using capstan = await boltCapstan(log)
    const error = await rejection(capstan.invoke('task.execute', { targets: 'local1', task: 'sdkdemo::nope' }).then((run) => run.result))
    expect(error.code).toBe('NOT_FOUND')
    expect(error.message).toContain(sampleError('task_run_unknown').msg)
    expect(runsOf(log, 'task run').map((e) => e.case)).toEqual(['task_run_unknown'])

    const run = capstan.task.execute({ targets: 'local1', task: 'sdkdemo::nope' })
    const seen: ExecutionEvent[] = []
    const iterated = (async () => {
      for await (const event of run) seen.push(event)
    })()
    await expect(run.result).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(iterated).rejects.toMatchObject({ code: 'NOT_FOUND' })
    expect(seen.filter((e) => e.type !== 'queued')).toEqual([])
    expect(run.status).toBe('failure')
  })

  it('task_run_facts through task.execute: each target\'s facts as its value', async () => {
    const log = newLogFile()
    const builtin = testPlugin({ name: 'builtin', capabilities: { 'inventory.list': async () => ({ nodes: [{ id: 'localhost', transport: 'local' }] }) } })
    await using capstan = await boltCapstan(log, {}, { plugins: [builtin] })
    const run = await capstan.invoke('task.execute', { targets: ['localhost', 'ssh1'], task: 'facts' })
    const result = await run.result
    const [entry] = runsOf(log, 'task run')
    expect(entry?.case).toBe('task_run_facts')
    expect(targetsOf(entry?.argv ?? []).sort()).toEqual(['localhost', 'ssh1'])
    expect(entry?.argv).not.toContain('--params')
    expect(result.status).toBe('success')
    for (const target of ['localhost', 'ssh1']) {
      expect(result.nodes.find((n) => n.node === target)).toMatchObject({ status: 'success', value: sampleItem('task_run_facts', target).value })
    }
  })

  it('task_run_exception through task.execute: local1 is an error with the exception kind and message', async () => {
    const log = newLogFile()
    await using capstan = await boltCapstan(log)
    const run = await capstan.invoke('task.execute', { targets: 'local1', task: 'facts' })
    const result = await run.result
    expect(runsOf(log, 'task run').map((e) => e.case)).toEqual(['task_run_exception'])
    const recorded = (sampleItem('task_run_exception', 'local1').value as { _error: { kind: string; msg: string } })._error
    expect(result.status).toBe('failure')
    expect(result.nodes).toEqual([expect.objectContaining({ node: 'local1', status: 'error', exitCode: null, error: expect.objectContaining({ code: recorded.kind, message: recorded.msg }) })])
  })

  it('task bad parameters: only recorded with name=value, which the plugin never sends (see the note at the top)', async () => {
    // The same parameters as JSON are a request Bolt was never recorded answering:
    // the fake refuses it (exit 99), which proves the plugin did not fall back to
    // `times=9`. The VALIDATION_ERROR mapping of Bolt's pal-error is unit-tested.
    const log = newLogFile()
    await using capstan = await boltCapstan(log)
    const run = await capstan.invoke('task.execute', { targets: 'local1', task: 'sdkdemo::greet', params: { times: 9 } })
    await run.result.catch(() => undefined)
    const [entry] = runsOf(log, 'task run')
    expect(entry?.case).toBeNull()
    expect(entry?.argv).toEqual(expect.arrayContaining(['--params', '{"times":9}']))
    expect(entry?.argv).not.toContain('times=9')
  })
})

describe('task.list through capstan.invoke (task_show_list, task_show_one, task_show_facts)', () => {
  it('lists facts, sdkdemo::greet and sdkdemo::plain, greet with its parameters typed as Bolt shows them', async () => {
    const log = newLogFile()
    await using capstan = await boltCapstan(log)
    const { tasks, partial } = await capstan.invoke('task.list', {})
    expect(partial).toBe(false)
    expect(tasks.map((t) => t.name)).toEqual(['facts', 'sdkdemo::greet', 'sdkdemo::plain'])
    const greet = tasks.find((t) => t.name === 'sdkdemo::greet')
    expect(greet).toMatchObject({ source: 'bolt', description: 'Greets someone and echoes structured JSON back' })
    expect(greet?.parameters).toEqual({
      name: { type: 'String[1]', description: 'Who to greet', required: true },
      times: { type: 'Optional[Integer[1,5]]', description: 'How many times', default: 1, required: false },
      fail: { type: 'Optional[Boolean]', description: 'Exit non-zero with a Bolt error object', required: false },
    })
    expect(tasks.find((t) => t.name === 'facts')).toMatchObject({ description: 'Gather system facts', parameters: {} })

    const shows = runsOf(log, 'task show')
    expect(shows.map((e) => e.case).sort()).toEqual([null, 'task_show_facts', 'task_show_list', 'task_show_one'])
    // `bolt task show sdkdemo::plain` was never recorded: the task is listed all the same,
    // with the list's description and no parameters, and the failure is logged.
    expect(tasks.find((t) => t.name === 'sdkdemo::plain')).toMatchObject({ description: 'Task that prints plain (non-JSON) text; params via stdin JSON', parameters: {} })
    expect(capstan.logger.records.some((r) => r.level === 'warn' && (r.obj as { task?: string }).task === 'sdkdemo::plain')).toBe(true)
  })
})
