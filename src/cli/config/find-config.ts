import { stat } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { CapstanError } from '../../errors/capstan-error.js'

/**
 * The configuration file names looked for in each directory, in the order
 * they win when a directory holds more than one.
 */
export const CONFIG_FILE_NAMES = ['capstan.config.mjs', 'capstan.config.js', 'capstan.config.json', 'capstan.config.yaml', 'capstan.config.yml'] as const

/**
 * The configuration file the CLI uses.
 *
 * With `explicit` (the `--config` flag) that file, resolved against `cwd`; it
 * must exist. Otherwise the nearest directory from `cwd` up to the filesystem
 * root holding one of {@link CONFIG_FILE_NAMES}, and in it the first name of
 * that list; undefined when there is none (the CLI then runs the local plugin alone).
 *
 * @example
 * ```ts
 * const path = await findConfig(process.cwd(), flags.config)
 * const config = path === undefined ? undefined : await readConfig(path)
 * ```
 * @throws CapstanError CONFIG_ERROR with `details.field` `--config` when `explicit` is not a file.
 */
export async function findConfig(cwd: string, explicit?: string): Promise<string | undefined> {
  if (explicit !== undefined) {
    const file = resolve(cwd, explicit)
    if (await isFile(file)) return file
    throw new CapstanError('CONFIG_ERROR', {
      message: `--config: ${file} does not exist or is not a file`,
      details: { field: '--config', file },
    })
  }
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    for (const name of CONFIG_FILE_NAMES) {
      const file = join(dir, name)
      if (await isFile(file)) return file
    }
    if (dirname(dir) === dir) return undefined
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile()
  } catch {
    return false
  }
}
