import { readdir, stat } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import type { TaskInfo } from '../../capabilities/models/task.js'
import { CapstanError } from '../../errors/capstan-error.js'
import { readTaskMetadata } from './read-task-metadata.js'
import { taskFilesIn, type TaskFiles } from './task-files-in.js'
import { taskInfo } from './task-info.js'

const moduleName = /^[a-z][a-z0-9_]*$/

/**
 * Every task in a tasks directory, sorted by name: flat `<dir>/<name>.*`
 * tasks and module tasks `<dir>/<module>/tasks/<task>.*` (named
 * `module::task`, or `module` for `init`). A name with only metadata and no
 * file to run is not listed, since it cannot run; when a flat task and a
 * module's `init` share a name, the flat one is listed, as it is the one
 * `task.execute` runs.
 *
 * @throws CapstanError CONFIG_ERROR when the directory cannot be read or a
 *   task's metadata is not valid, naming the file.
 */
export async function listTasks(tasksDir: string): Promise<TaskInfo[]> {
  const dir = resolve(tasksDir)
  let entries: string[]
  try {
    entries = await readdir(dir)
  } catch (error) {
    throw new CapstanError('CONFIG_ERROR', {
      message: `Cannot read the tasks directory ${dir}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      details: { tasksDir: dir },
      cause: error,
    })
  }
  const found = new Map<string, TaskFiles>()
  for (const [base, files] of await taskFilesIn(dir)) found.set(base, files)
  for (const module of entries.filter((e) => moduleName.test(e)).sort()) {
    if (!(await isDirectory(join(dir, module)))) continue
    for (const [base, files] of await taskFilesIn(join(dir, module, 'tasks'))) {
      const name = base === 'init' ? module : `${module}::${base}`
      if (!found.has(name)) found.set(name, files)
    }
  }
  const tasks: TaskInfo[] = []
  for (const [name, files] of found) {
    if (files.implementations.length === 0) continue
    tasks.push(taskInfo(name, await readTaskMetadata(files.metadataFile)))
  }
  return tasks.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory()
  } catch {
    return false
  }
}
