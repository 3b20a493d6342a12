// The ```ts blocks of the project's Markdown, for the test that type-checks them.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

/** One fenced TypeScript block of a Markdown file. */
export interface DocCodeBlock {
  /** The Markdown file, from the repository root (`docs/errors.md`). */
  file: string
  /** 1-based line of the block's first code line (the line after the opening fence). */
  line: number
  code: string
  /** Why it is not type-checked, from a `<!-- not-checked: reason -->` comment right before it. */
  notChecked?: string
  /**
   * The package name later blocks import it by, from a `<!-- module: name -->`
   * comment right before it: a guide's plugin (`@acme/capstan-plugin-static`)
   * and the application that wires it, each a block of its own.
   */
  module?: string
}

/** README.md, docs/*.md (not the generated docs/api), every plugin's README.md and every README.md of packages/. */
export function docFiles(root: string): string[] {
  const docs = readdirSync(join(root, 'docs')).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)
  const plugins = readdirSync(root).filter((name) => name.startsWith('plugins-')).map((name) => `${name}/README.md`)
  const packages = readdirSync(join(root, 'packages')).map((name) => `packages/${name}/README.md`)
  return ['README.md', ...docs.sort(), ...[...plugins.sort(), ...packages.sort()].filter((path) => existsSync(join(root, path)))]
}

const OPENING = /^(\s*)(`{3,}|~{3,})\s*(ts|typescript)(?:\s.*)?$/
const ANNOTATION = /^\s*<!--\s*(not-checked|module):\s*(.+?)\s*-->\s*$/

/**
 * Every block fenced as ```ts (or ```typescript) in `text`, with its indentation
 * removed. A block right after a `<!-- not-checked: reason -->` or
 * `<!-- module: name -->` line (blank lines between are allowed) carries it.
 */
export function codeBlocksOf(file: string, text: string): DocCodeBlock[] {
  const lines = text.split('\n')
  const blocks: DocCodeBlock[] = []
  let fence: string | undefined
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    if (fence !== undefined) {
      if (line.trim().startsWith(fence) && line.trim().replace(/[`~]/g, '') === '') fence = undefined
      continue
    }
    const opening = OPENING.exec(line)
    const other = /^\s*(`{3,}|~{3,})/.exec(line)
    if (opening === null) {
      if (other !== null) fence = other[1]
      continue
    }
    const [, indent = '', marker = '```'] = opening
    const body: string[] = []
    let j = i + 1
    for (; j < lines.length && !(lines[j]!.trim().startsWith(marker) && lines[j]!.trim().replace(/[`~]/g, '') === ''); j++) {
      body.push(lines[j]!.startsWith(indent) ? lines[j]!.slice(indent.length) : lines[j]!)
    }
    const annotation = annotationBefore(lines, i)
    blocks.push({ file, line: i + 2, code: body.join('\n'), ...(annotation === undefined ? {} : { [annotation.kind === 'module' ? 'module' : 'notChecked']: annotation.value }) })
    i = j
  }
  return blocks
}

function annotationBefore(lines: readonly string[], fenceIndex: number): { kind: string; value: string } | undefined {
  for (let k = fenceIndex - 1; k >= 0; k--) {
    const line = lines[k]!
    if (line.trim() === '') continue
    const match = ANNOTATION.exec(line)
    return match === null ? undefined : { kind: match[1]!, value: match[2]! }
  }
  return undefined
}

/** The blocks of every documentation file under `root`. */
export function docCodeBlocks(root: string): DocCodeBlock[] {
  return docFiles(root).flatMap((file) => codeBlocksOf(file, readFileSync(join(root, file), 'utf8')))
}
