import { describe, expect, it } from 'vitest'
import { resolveTask } from '../../../src/local/tasks/resolve-task.js'
import { rejection } from '@capstan/test-support/async'
import { taskTrees } from './task-tree.js'

describe('resolveTask', () => {
  const tree = taskTrees()

  it('finds flat tasks, module::task and a module init task, with their metadata', async () => {
    const dir = await tree({
      'flat.json': { description: 'flat' },
      'flat.sh': 'echo',
      'nometa': 'echo',
      'mod/tasks/init.rb': 'puts 1',
      'mod/tasks/install.json': { supports_noop: true },
      'mod/tasks/install.sh': 'echo',
    })
    expect(await resolveTask(dir, 'flat')).toEqual({ name: 'flat', executable: `${dir}/flat.sh`, metadata: { description: 'flat' }, metadataFile: `${dir}/flat.json`, installDir: dir })
    expect(await resolveTask(dir, 'nometa')).toEqual({ name: 'nometa', executable: `${dir}/nometa`, metadata: {}, installDir: dir })
    expect((await resolveTask(dir, 'mod')).executable).toBe(`${dir}/mod/tasks/init.rb`)
    expect((await resolveTask(dir, 'mod::install')).metadata).toEqual({ supports_noop: true })
  })

  it("fails with NOT_FOUND naming the task, never the host's directory (a caller behind an API must not learn paths)", async () => {
    const dir = await tree({ 'other.sh': 'echo' })
    const error = await rejection(resolveTask(dir, 'mod::missing'), 'NOT_FOUND')
    expect(error.message).toBe("Task mod::missing not found: the local plugin's tasks directory has no such task")
    expect(error.details).toEqual({ task: 'mod::missing' })
    expect(JSON.stringify(error)).not.toContain(dir)
    expect((await rejection(resolveTask(dir, 'other_thing'), 'NOT_FOUND')).message).toContain('other_thing')
  })

  it('fails with NOT_FOUND for metadata without a file to run', async () => {
    const dir = await tree({ 'lonely.json': {} })
    const error = await rejection(resolveTask(dir, 'lonely'), 'NOT_FOUND')
    expect(error.message).toContain('no file to run')
    expect(JSON.stringify(error)).not.toContain(dir)
  })

  it('refuses names that are not task names, so nothing outside the directory is reached', async () => {
    const dir = await tree({ 'ok.sh': 'echo' })
    for (const name of ['../ok', 'Ok', 'a::b::c', 'a/b', '']) {
      const error = await rejection(resolveTask(dir, name), 'VALIDATION_ERROR')
      expect(error.details.issues).toEqual([expect.objectContaining({ path: 'task' })])
    }
  })

  it('drops Windows-only implementations and refuses a real choice between several files', async () => {
    const dir = await tree({ 'both.sh': 'echo', 'both.ps1': 'Write-Output 1', 'two.sh': 'echo', 'two.py': 'print(1)' })
    expect((await resolveTask(dir, 'both')).executable).toBe(`${dir}/both.sh`)
    expect((await rejection(resolveTask(dir, 'two'), 'CONFIG_ERROR')).message).toContain('several files to run')
  })
})
