// The modules a TypeScript file imports, read by TypeScript's own
// preprocessor (so an import in a comment or a string does not count):
// imports and re-exports, type-only ones included (they tie two modules
// together for a reader and for the declaration build as much as any other),
// `import()` and `require()`.
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'

/** The repository's root directory. */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url))

/** One import of a file: what it names, and on which line. */
export interface ModuleImport {
  specifier: string
  line: number
}

/** Every import of the TypeScript source `text`. */
export function importsOf(text: string): ModuleImport[] {
  const { importedFiles } = ts.preProcessFile(text, true, true)
  return importedFiles.map(({ fileName, pos }) => ({ specifier: fileName, line: text.slice(0, pos).split('\n').length }))
}

/** The .ts files below `dir` (relative to the root, `/`-separated), sorted. */
export function typeScriptFiles(dir: string): string[] {
  return readdirSync(join(repoRoot, dir), { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.(c|m)?ts$/.test(file))
    .map((file) => join(dir, file).split('\\').join('/'))
    .sort()
}

/** The imports of `file`, relative to the root. */
export function fileImports(file: string): ModuleImport[] {
  return importsOf(readFileSync(join(repoRoot, file), 'utf8'))
}

/**
 * The root-relative path a relative `specifier` of `file` names, with the
 * `.js` that NodeNext imports are written with turned back into the `.ts`
 * source; undefined for a bare specifier (`capstan`, `node:fs`).
 */
export function resolveRelative(file: string, specifier: string): string | undefined {
  if (!specifier.startsWith('./') && !specifier.startsWith('../')) return undefined
  const target = relative(repoRoot, resolve(repoRoot, dirname(file), specifier)).split('\\').join('/')
  return target.replace(/\.(c|m)?js$/, '.$1ts')
}
