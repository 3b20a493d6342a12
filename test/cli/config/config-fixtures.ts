// Helpers shared by the configuration tests: files in a scratch tree, and the error a promise rejects with.
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { expect } from 'vitest'
import { CapstanError } from '../../../src/errors/capstan-error.js'

/** Writes `files` (path → text, or JSON for anything else) under `root`. */
export async function writeTree(root: string, files: Record<string, unknown>): Promise<void> {
  for (const [file, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, file)), { recursive: true })
    await writeFile(join(root, file), typeof content === 'string' ? content : JSON.stringify(content, null, 2))
  }
}

/** The CONFIG_ERROR `promise` rejects with; fails the test when it resolves or rejects otherwise. */
export async function configErrorOf(promise: Promise<unknown>): Promise<CapstanError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(CapstanError)
  expect((error as CapstanError).code).toBe('CONFIG_ERROR')
  return error as CapstanError
}
