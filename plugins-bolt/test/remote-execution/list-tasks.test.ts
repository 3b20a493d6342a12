import { CapstanError } from 'capstan'
import { RecordingLogger } from 'capstan/testing'
import { describe, expect, it } from 'vitest'
import { listTasks, mapWithConcurrency } from '../../src/remote-execution/index.js'
import { sampleJson } from '../support/samples.js'

/** Answers `bolt task show [task] --format json` from the samples; sdkdemo::plain has none, so it fails like Bolt would. */
function sampleBolt() {
  const calls: string[][] = []
  const runJson = async (argv: string[]): Promise<unknown> => {
    calls.push(argv)
    await new Promise((resolve) => setTimeout(resolve, 1))
    const key = argv.join(' ')
    if (key === 'task show --format json') return sampleJson('task_show_list.out')
    if (key === 'task show sdkdemo::greet --format json') return sampleJson('task_show_one.out')
    if (key === 'task show facts --format json') return sampleJson('task_show_facts.out')
    throw new CapstanError('PLUGIN_ERROR', { message: `bolt exited 1 for ${key}` })
  }
  return { calls, runJson }
}

describe('listTasks', () => {
  it('lists every task with its parameters, sorted, keeping a task whose show failed (logged)', async () => {
    const { calls, runJson } = sampleBolt()
    const logger = new RecordingLogger()
    const tasks = await listTasks(runJson, { logger })
    expect(tasks).toEqual([
      { name: 'facts', description: 'Gather system facts', parameters: {} },
      {
        name: 'sdkdemo::greet',
        description: 'Greets someone and echoes structured JSON back',
        parameters: {
          name: { type: 'String[1]', description: 'Who to greet', required: true },
          times: { type: 'Optional[Integer[1,5]]', description: 'How many times', default: 1, required: false },
          fail: { type: 'Optional[Boolean]', description: 'Exit non-zero with a Bolt error object', required: false },
        },
      },
      { name: 'sdkdemo::plain', description: 'Task that prints plain (non-JSON) text; params via stdin JSON', parameters: {} },
    ])
    expect(calls[0]).toEqual(['task', 'show', '--format', 'json'])
    expect(calls.slice(1).map((argv) => argv[2]).sort()).toEqual(['facts', 'sdkdemo::greet', 'sdkdemo::plain'])
    expect(logger.records).toEqual([
      expect.objectContaining({
        level: 'warn',
        obj: { task: 'sdkdemo::plain', err: { code: 'PLUGIN_ERROR', message: 'bolt exited 1 for task show sdkdemo::plain --format json' } },
      }),
    ])
  })

  it('sorts by name whatever order the shows finish in', async () => {
    const names = ['b::t', 'a::t', 'c']
    const runJson = async (argv: string[]) => {
      if (argv.length === 4) return { tasks: names.map((name) => [name, null]) }
      await new Promise((resolve) => setTimeout(resolve, argv[2] === 'a::t' ? 5 : 0))
      return { name: argv[2], metadata: {} }
    }
    expect((await listTasks(runJson)).map((task) => task.name)).toEqual(['a::t', 'b::t', 'c'])
  })

  it('runs at most `concurrency` task shows at once', async () => {
    let running = 0
    let most = 0
    const names = Array.from({ length: 10 }, (_, index) => `m::t${index}`)
    const runJson = async (argv: string[]) => {
      if (argv.length === 4) return { tasks: names.map((name) => [name, 'd']) }
      running++
      most = Math.max(most, running)
      await new Promise((resolve) => setTimeout(resolve, 2))
      running--
      return { name: argv[2], metadata: { parameters: {} } }
    }
    expect(await listTasks(runJson, { concurrency: 3 })).toHaveLength(10)
    expect(most).toBe(3)
    await listTasks(runJson)
    expect(most).toBe(4)
  })

  it('lets a failing list and a cancellation through', async () => {
    await expect(listTasks(async () => ({ _error: { msg: 'Could not load modulepath', kind: 'bolt/pal-error' } }))).rejects.toMatchObject({
      code: 'PLUGIN_ERROR',
      message: expect.stringContaining('Could not load modulepath'),
    })
    const controller = new AbortController()
    const runJson = async (argv: string[]) => {
      if (argv.length === 4) return sampleJson('task_show_list.out')
      controller.abort(new CapstanError('CANCELLED'))
      throw new CapstanError('CANCELLED')
    }
    await expect(listTasks(runJson, { signal: controller.signal, concurrency: 1 })).rejects.toMatchObject({ code: 'CANCELLED' })
  })
})

describe('mapWithConcurrency', () => {
  it('keeps the order of the items and treats a limit below one as one', async () => {
    expect(await mapWithConcurrency([3, 1, 2], Number.NaN, async (item) => item * 2)).toEqual([6, 2, 4])
    expect(await mapWithConcurrency([], 4, async () => 1)).toEqual([])
  })

  it('starts no item after a failure', async () => {
    const started: number[] = []
    await expect(
      mapWithConcurrency([1, 2, 3, 4], 1, async (item) => {
        started.push(item)
        if (item === 2) throw new Error('boom')
        return item
      }),
    ).rejects.toThrow('boom')
    expect(started).toEqual([1, 2])
  })
})
