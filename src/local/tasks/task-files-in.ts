import { readdir, stat } from 'node:fs/promises'
import { extname, join } from 'node:path'

/** The files of one task in a directory: its metadata and its implementation files. */
export interface TaskFiles {
  /** `<name>.json`, when there is one. */
  metadataFile?: string
  /** Every other `<name>` or `<name>.<ext>` file (not `.md`), absolute, sorted. */
  implementations: string[]
}

const taskBase = /^[a-z][a-z0-9_]*$/

/**
 * Groups the files of a tasks directory by task name, the way Bolt does:
 * a file belongs to the task named by its name without its last extension,
 * and names that are not valid task names are not tasks. A directory that
 * does not exist holds no tasks.
 */
export async function taskFilesIn(dir: string): Promise<Map<string, TaskFiles>> {
  const tasks = new Map<string, TaskFiles>()
  let names: string[]
  try {
    names = (await readdir(dir)).sort()
  } catch (error) {
    if (isMissing(error)) return tasks
    throw error
  }
  for (const name of names) {
    const ext = extname(name)
    const base = name.slice(0, name.length - ext.length)
    if (!taskBase.test(base) || ext === '.md') continue
    const path = join(dir, name)
    // stat, not the dirent type: a symlinked task file is still a task.
    if (!(await isFile(path))) continue
    const entry = tasks.get(base) ?? { implementations: [] }
    if (ext === '.json') entry.metadataFile = path
    else entry.implementations.push(path)
    tasks.set(base, entry)
  }
  return tasks
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile()
  } catch {
    return false
  }
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code
  return code === 'ENOENT' || code === 'ENOTDIR'
}
