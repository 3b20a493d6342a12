import { readFile } from 'node:fs/promises'
import { CapstanError } from '../../errors/capstan-error.js'
import { configError } from '../../errors/config-error.js'
import { TaskMetadata } from './task-metadata.js'

/**
 * Reads and checks a task's metadata file; no file means no metadata (Bolt
 * runs such a task with any parameters).
 *
 * @throws CapstanError CONFIG_ERROR naming the file when it is unreadable,
 *   not JSON, or not task metadata.
 */
export async function readTaskMetadata(file: string | undefined): Promise<TaskMetadata> {
  if (file === undefined) return {}
  let data: unknown
  try {
    data = JSON.parse(await readFile(file, 'utf8'))
  } catch (error) {
    const why = error instanceof SyntaxError ? `not valid JSON (${error.message})` : `unreadable (${(error as NodeJS.ErrnoException).code ?? String(error)})`
    throw new CapstanError('CONFIG_ERROR', { message: `Task metadata ${file} is ${why}`, details: { file }, cause: error })
  }
  const parsed = TaskMetadata.safeParse(data)
  if (!parsed.success) throw configError(`task metadata ${file}`, parsed.error, { file })
  return parsed.data
}
