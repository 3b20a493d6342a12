import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { listTasks } from '../../../src/local/tasks/list-tasks.js'
import { rejection } from '@capstan/test-support/async'
import { taskTrees } from './task-tree.js'

const examples = fileURLToPath(new URL('../../../examples/tasks', import.meta.url))

describe('listTasks', () => {
  const tree = taskTrees()

  it('lists the example tasks with their parameters and which are required', async () => {
    expect(await listTasks(examples)).toEqual([
      { name: 'disk', description: 'Shows disk usage of the mounted file systems (plain text output)', parameters: {} },
      {
        name: 'greet',
        description: 'Greets someone by name and answers with a JSON object',
        parameters: {
          name: { type: 'String[1]', description: 'Who to greet', required: true },
          greeting: { type: 'Optional[Enum[hello, hi]]', description: 'How to greet (default hello)', required: false },
        },
      },
    ])
  })

  it('lists flat and module tasks sorted by name, skipping metadata without a file to run and non-task files', async () => {
    const dir = await tree({
      'zeta.sh': 'echo',
      'alpha.json': { parameters: { n: { type: 'Integer', default: 2 }, m: {} } },
      'alpha.py': 'print(1)',
      'README.md': '# docs',
      'orphan.json': { description: 'no file to run' },
      'mymod/tasks/init.sh': 'echo init',
      'mymod/tasks/install.json': { description: 'installs' },
      'mymod/tasks/install.sh': 'echo install',
      'mymod/tasks/install.md': 'docs',
      'Bad-Name/tasks/x.sh': 'echo',
      'notamodule/other/y.sh': 'echo',
    })
    const tasks = await listTasks(dir)
    expect(tasks.map((t) => t.name)).toEqual(['alpha', 'mymod', 'mymod::install', 'zeta'])
    expect(tasks[0]?.parameters).toEqual({ n: { type: 'Integer', default: 2, required: false }, m: { type: 'Any', required: false } })
    expect(tasks[2]?.description).toBe('installs')
  })

  it('lists a flat task over a module init task of the same name', async () => {
    const dir = await tree({ 'svc.json': { description: 'flat' }, 'svc.sh': 'echo', 'svc/tasks/init.json': { description: 'module' }, 'svc/tasks/init.sh': 'echo' })
    expect(await listTasks(dir)).toEqual([{ name: 'svc', description: 'flat', parameters: {} }])
  })

  it('fails with CONFIG_ERROR naming the file for metadata that is not JSON or not task metadata', async () => {
    const bad = await tree({ 'bad.json': '{ nope', 'bad.sh': 'echo' })
    expect((await rejection(listTasks(bad), 'CONFIG_ERROR')).message).toContain(`${bad}/bad.json is not valid JSON`)
    const wrong = await tree({ 'bad.json': { input_method: 'carrier-pigeon' }, 'bad.sh': 'echo' })
    const error = await rejection(listTasks(wrong), 'CONFIG_ERROR')
    expect(error.message).toContain('input_method')
    expect(error.details.file).toBe(`${wrong}/bad.json`)
  })

  it('fails with CONFIG_ERROR for a directory that does not exist', async () => {
    expect((await rejection(listTasks('/nonexistent/capstan-tasks'), 'CONFIG_ERROR')).message).toContain('/nonexistent/capstan-tasks')
  })
})
