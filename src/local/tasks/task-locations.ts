import { join } from 'node:path'
import { CapstanError } from '../../errors/capstan-error.js'

/** Where a task's files may be: a directory and the file name without extension. */
export interface TaskLocation {
  dir: string
  base: string
}

const taskName = /^[a-z][a-z0-9_]*(?:::[a-z][a-z0-9_]*)?$/

/**
 * Where to look for a task, in order, as Bolt lays tasks out: `mod::task`
 * is `<dir>/mod/tasks/task.*`; a plain `name` is a flat `<dir>/name.*`
 * first, then the module's `init` task `<dir>/name/tasks/init.*`.
 *
 * @throws CapstanError VALIDATION_ERROR for a name that is not a task name
 *   (which also keeps `..` and `/` from reaching outside the directory).
 */
export function taskLocations(tasksDir: string, name: string): TaskLocation[] {
  if (!taskName.test(name)) {
    const message = 'task names are lower-case words (a-z, 0-9, _), optionally module::task'
    throw new CapstanError('VALIDATION_ERROR', {
      message: `Invalid task name "${name}": ${message}`,
      details: { task: name, field: 'task', issues: [{ path: 'task', message }] },
    })
  }
  const [module, task] = name.split('::') as [string, string | undefined]
  if (task !== undefined) return [{ dir: join(tasksDir, module, 'tasks'), base: task }]
  return [
    { dir: tasksDir, base: module },
    { dir: join(tasksDir, module, 'tasks'), base: 'init' },
  ]
}
