// The API reference names each module after the package entry a user imports
// (`capstan`, `capstan/testing`, `@capstan/plugin-ssh`), not after its folder:
// typedoc takes the name from the `@module` tag of the entry's file comment.
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { repoRoot } from '../cli/built-cli.js'

interface PackageJson { name: string; exports: Record<string, unknown> }

const readJson = <T>(path: string): T => JSON.parse(readFileSync(join(repoRoot, path), 'utf8')) as T
const typedoc = readJson<{ entryPoints: string[] }>('typedoc.json')

/** The workspace folder of an entry point: `plugins-ssh`, `packages/store-postgres`, or `.` for the core. */
function packageDirOf(entryPoint: string): string {
  if (entryPoint.startsWith('plugins-')) return entryPoint.split('/')[0]!
  if (entryPoint.startsWith('packages/')) return entryPoint.split('/').slice(0, 2).join('/')
  return '.'
}

/** `src/testing/index.ts` → `capstan/testing`; `plugins-ssh/src/index.ts` → `@capstan/plugin-ssh`; `packages/store-postgres/src/index.ts` → `@capstan/store-postgres`. */
function importNameOf(entryPoint: string): string {
  const packageDir = packageDirOf(entryPoint)
  const pkg = readJson<PackageJson>(join(packageDir, 'package.json'))
  const subpath = dirname(entryPoint.slice(packageDir === '.' ? 0 : packageDir.length + 1)).replace(/^src\/?/, '')
  const name = subpath === '' ? pkg.name : `${pkg.name}/${subpath}`
  expect(Object.keys(pkg.exports), `${entryPoint} is exported by ${pkg.name}`).toContain(subpath === '' ? '.' : `./${subpath}`)
  return name
}

describe('typedoc module names', () => {
  it.each(typedoc.entryPoints)('%s is documented under the name it is imported by', (entryPoint) => {
    const firstComment = /^\/\*\*([\s\S]*?)\*\//.exec(readFileSync(join(repoRoot, entryPoint), 'utf8'))?.[1] ?? ''
    const moduleTag = /@module\s+(\S+)/.exec(firstComment)?.[1]?.replace(/^\\@/, '@')
    expect(moduleTag).toBe(importNameOf(entryPoint))
  })
})
