import { extname, resolve } from 'node:path'
import { CapstanError } from '../../errors/capstan-error.js'
import type { LocalTask } from './local-task.js'
import { readTaskMetadata } from './read-task-metadata.js'
import { taskFilesIn } from './task-files-in.js'
import { taskLocations } from './task-locations.js'

// Implementations this machine cannot run, dropped when a task also has a POSIX one.
const windowsOnly = new Set(['.ps1', '.bat', '.cmd', '.exe'])

/**
 * Finds a task in a tasks directory (see {@link taskLocations} for the
 * layout) and reads its metadata.
 *
 * @throws CapstanError NOT_FOUND naming the task and the directory when no
 *   task of that name has a file to run.
 * @throws CapstanError VALIDATION_ERROR for an invalid task name.
 * @throws CapstanError CONFIG_ERROR for bad metadata, or several
 *   implementation files with nothing to choose between them.
 */
export async function resolveTask(tasksDir: string, name: string): Promise<LocalTask> {
  const installDir = resolve(tasksDir)
  for (const location of taskLocations(installDir, name)) {
    const files = (await taskFilesIn(location.dir)).get(location.base)
    if (files === undefined) continue
    if (files.implementations.length === 0) {
      throw new CapstanError('NOT_FOUND', {
        // The host's own paths are not the caller's business: they go in no message or detail.
        message: `Task ${name} has metadata but no file to run beside it`,
        details: { task: name },
      })
    }
    const metadata = await readTaskMetadata(files.metadataFile)
    return {
      name,
      executable: pickImplementation(name, files.implementations),
      metadata,
      ...(files.metadataFile === undefined ? {} : { metadataFile: files.metadataFile }),
      installDir,
    }
  }
  throw new CapstanError('NOT_FOUND', {
    message: `Task ${name} not found: the local plugin's tasks directory has no such task`,
    details: { task: name },
  })
}

function pickImplementation(name: string, files: string[]): string {
  const runnable = files.length > 1 ? files.filter((f) => !windowsOnly.has(extname(f).toLowerCase())) : files
  const [only] = runnable
  if (runnable.length === 1 && only !== undefined) return only
  throw new CapstanError('CONFIG_ERROR', {
    message: `Task ${name} has several files to run (${files.join(', ')}); keep one beside its metadata`,
    details: { task: name, files },
  })
}
