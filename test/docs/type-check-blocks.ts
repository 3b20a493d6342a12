// Type-checks doc code blocks as ES modules in one TypeScript program, against
// the project's tsconfig: `capstan`, `capstan/testing` and `@capstan/plugin-*`
// resolve to the sources through its path mapping.
import { dirname, join } from 'node:path'
import ts from 'typescript'
import type { DocCodeBlock } from './doc-code-blocks.js'

/** One compiler error in a block, at its place in the Markdown file. */
export interface BlockError {
  /** `docs/errors.md:42:7` */
  at: string
  message: string
}

/** The virtual path of a block: beside the Markdown file, `.mts` so it is always an ES module (top-level await). */
function blockPath(root: string, block: DocCodeBlock): string {
  return join(root, dirname(block.file), `__doc_block__${block.file.replace(/[^\w]/g, '_')}_L${block.line}.mts`)
}

/**
 * The errors of each block, by block, from one program over all of them. Strict
 * as the project is, except that a block may declare a name it does not use
 * (examples destructure what they show). A block with a `module` name is
 * mapped to it in `paths`, so other blocks import it as a package.
 */
export function typeCheckBlocks(root: string, blocks: readonly DocCodeBlock[]): Map<DocCodeBlock, BlockError[]> {
  const config = ts.getParsedCommandLineOfConfigFile(join(root, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')) } })
  if (config === undefined) throw new Error('tsconfig.json could not be read')
  const byPath = new Map(blocks.map((block) => [blockPath(root, block), block]))
  // A block marked `<!-- module: name -->` is importable by that name, like a package.
  const modules = Object.fromEntries([...byPath].filter(([, block]) => block.module !== undefined).map(([path, block]) => [block.module!, [path]]))
  const options: ts.CompilerOptions = {
    ...config.options,
    paths: { ...config.options.paths, ...modules },
    noEmit: true,
    noUnusedLocals: false,
    noUnusedParameters: false,
    moduleDetection: ts.ModuleDetectionKind.Force,
    incremental: false,
  }
  const host = ts.createCompilerHost(options, true)
  const { getSourceFile, fileExists, readFile } = host
  host.fileExists = (path) => byPath.has(path) || fileExists.call(host, path)
  host.readFile = (path) => byPath.get(path)?.code ?? readFile.call(host, path)
  host.getSourceFile = (path, languageVersion, onError, shouldCreate) => {
    const block = byPath.get(path)
    return block === undefined ? getSourceFile.call(host, path, languageVersion, onError, shouldCreate) : ts.createSourceFile(path, block.code, languageVersion, true)
  }
  const program = ts.createProgram({ rootNames: [...byPath.keys()], options, host })
  const errors = new Map<DocCodeBlock, BlockError[]>()
  for (const [path, block] of byPath) {
    const file = program.getSourceFile(path)
    if (file === undefined) throw new Error(`${block.file}:${block.line}: block not in the program`)
    const diagnostics = [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)]
    errors.set(block, diagnostics.map((d) => {
      const { line, character } = file.getLineAndCharacterOfPosition(d.start ?? 0)
      return { at: `${block.file}:${block.line + line}:${character + 1}`, message: ts.flattenDiagnosticMessageText(d.messageText, '\n') }
    }))
  }
  return errors
}
