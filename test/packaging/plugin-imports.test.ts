// A plugin (or a journal store of packages/store-*) must be able to leave the monorepo: its sources and tests import
// their own files, packages, and of the core only its public entries; its
// tests may also use the private test helpers (@capstan/test-support), its
// sources may not (a published plugin has no such dependency).
import { readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { fileImports, importsOf, repoRoot, resolveRelative, typeScriptFiles } from './module-imports.js'

/** The plugins, and the journal stores of packages/, which follow the same rule. */
const plugins = [
  ...readdirSync(repoRoot).filter((name) => name.startsWith('plugins-')),
  ...readdirSync(`${repoRoot}/packages`)
    .filter((name) => name.startsWith('store-'))
    .map((name) => `packages/${name}`),
].sort()

/** The core's public entries, which any plugin file may import. */
const coreEntries = new Set(['capstan', 'capstan/plugin-kit', 'capstan/testing'])

/** Why `specifier`, imported by `file` of the plugin in folder `plugin`, is not allowed; undefined when it is. */
function offence(plugin: string, file: string, specifier: string): string | undefined {
  const target = resolveRelative(file, specifier)
  if (target !== undefined) return target.startsWith(`${plugin}/`) ? undefined : `leaves ${plugin}/ (to ${target})`
  if (specifier === 'capstan' || specifier.startsWith('capstan/')) return coreEntries.has(specifier) ? undefined : 'is not a public entry of capstan'
  if (specifier.startsWith('@capstan/test-support/')) return file.startsWith(`${plugin}/src/`) ? 'is a test helper, which sources may not use' : undefined
  if (specifier.startsWith('@capstan/')) return 'is another Capstan package'
  return undefined
}

/** `file:line: 'specifier' why` for each import of the plugin's files that is not allowed. */
function offences(plugin: string): string[] {
  return ['src', 'test']
    .flatMap((dir) => typeScriptFiles(`${plugin}/${dir}`))
    .flatMap((file) =>
      fileImports(file).flatMap(({ specifier, line }) => {
        const why = offence(plugin, file, specifier)
        return why === undefined ? [] : [`${file}:${line}: '${specifier}' ${why}`]
      }),
    )
}

describe('plugin imports', () => {
  it('finds the plugins and reads their imports', () => {
    expect(plugins).toEqual(expect.arrayContaining(['plugins-bolt', 'plugins-puppetdb', 'plugins-ssh', 'packages/store-postgres']))
    expect(fileImports('plugins-ssh/src/index.ts').length).toBeGreaterThan(0)
  })

  it.each(plugins)('%s imports only its own files, packages, the public entries of capstan and the test helpers', (plugin) => {
    expect(offences(plugin)).toEqual([])
  })

  it('names the file, the line and the import it refuses', () => {
    const refused = (file: string, text: string) => importsOf(text).flatMap(({ specifier }) => offence('plugins-ssh', file, specifier) ?? [])
    expect(refused('plugins-ssh/test/a.test.ts', "import { x } from '../../test/support/async.js'")).toEqual(['leaves plugins-ssh/ (to test/support/async.ts)'])
    expect(refused('plugins-ssh/src/a.ts', "export { abortOutcome } from '../../src/execution/abort-outcome.js'")).toEqual(['leaves plugins-ssh/ (to src/execution/abort-outcome.ts)'])
    expect(refused('plugins-ssh/src/a.ts', "import type { X } from 'capstan/dist/index.js'")).toEqual(['is not a public entry of capstan'])
    expect(refused('plugins-ssh/src/a.ts', "import { needs } from '@capstan/test-support/requirement'")).toEqual(['is a test helper, which sources may not use'])
    expect(refused('plugins-ssh/test/a.test.ts', "const bolt = await import('@capstan/plugin-bolt')")).toEqual(['is another Capstan package'])
    expect(refused('plugins-ssh/test/a.test.ts', "import { needs } from '@capstan/test-support/requirement'\nimport { z } from 'zod'\nimport { x } from './b.js'")).toEqual([])
  })
})
