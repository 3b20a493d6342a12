// Every byte a file journal keeps, for tests that grep the stored data (say,
// for a secret that must never reach the journal).
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'

/** The contents of every file in `dir`, concatenated. */
export function storedBytes(dir: string): Buffer {
  return Buffer.concat(readdirSync(dir, { withFileTypes: true }).filter((f) => f.isFile()).map((f) => readFileSync(join(dir, f.name))))
}
