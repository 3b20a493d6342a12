import { readFile } from 'node:fs/promises'

/**
 * Reads a text file that may legitimately be absent or unreadable (a system
 * file on a minimal container, another OS): `undefined` instead of throwing,
 * so a missing source costs only the facts that came from it.
 */
export async function readOptionalFile(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8')
  } catch {
    return undefined
  }
}
