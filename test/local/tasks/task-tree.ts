import { realpathSync } from 'node:fs'
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { afterEach } from 'vitest'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

// Helper for the task tests (not a test file itself).

/** A file to write: its text, executable unless `executable` is false; objects are written as JSON. */
export type TreeFile = string | Record<string, unknown> | { text: string; executable: false }

/** Writes a temporary tasks directory with `files` (paths relative to it) and returns its real path. */
export async function taskTree(files: Record<string, TreeFile>): Promise<string> {
  const dir = realpathSync(await mkdtemp(join(tmpdir(), 'capstan-tasks-')))
  for (const [path, file] of Object.entries(files)) {
    const full = join(dir, path)
    await mkdir(dirname(full), { recursive: true })
    const plain = typeof file === 'object' && file.executable === false
    const text = typeof file === 'string' ? file : plain ? (file as { text: string }).text : JSON.stringify(file)
    await writeFile(full, text)
    await chmod(full, typeof file === 'string' && !path.endsWith('.json') ? 0o755 : 0o644)
  }
  return dir
}

/**
 * For a describe block: a `taskTree` whose directories are removed after
 * each test. Call it at the top of the block.
 */
export function taskTrees(): (files: Record<string, TreeFile>) => Promise<string> {
  const dirs: string[] = []
  afterEach(async () => {
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true })
  })
  return async (files) => {
    const dir = await taskTree(files)
    dirs.push(dir)
    return dir
  }
}
