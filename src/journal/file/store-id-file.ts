import { randomUUID } from 'node:crypto'
import { open, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { CapstanError } from '../../errors/capstan-error.js'

/**
 * The id of the journal in `dir` (`file:<uuid>`, in its cursors), kept in
 * `journal-store.json` so cursors stay valid across reopening; made on
 * first open (written aside, synced, renamed into place, directory synced).
 */
export async function storeIdOf(dir: string): Promise<string> {
  const path = join(dir, 'journal-store.json')
  try {
    const { id } = JSON.parse(await readFile(path, 'utf8')) as { id?: unknown }
    if (typeof id === 'string' && id.length > 0) return id
    throw new Error('no id in it')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new CapstanError('UNAVAILABLE', { message: `${path} is damaged: it should hold the journal's id ({"id":"file:..."})`, details: { reason: 'journal-damaged', field: 'dir' }, cause: error })
    }
  }
  const id = `file:${randomUUID()}`
  const aside = `${path}.new`
  await writeFile(aside, `${JSON.stringify({ id, format: 1 })}\n`, { flush: true })
  await rename(aside, path)
  await syncDir(dir)
  return id
}

/** fsyncs a directory, so a file created or renamed in it survives a crash. */
export async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}
