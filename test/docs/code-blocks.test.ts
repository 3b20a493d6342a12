// Every ```ts block of README.md, docs/*.md, the plugins' READMEs and those of packages/ compiles
// against the real API, strict, as an ES module (top-level await allowed), so
// the docs cannot drift from the code. Each block is self-contained: it
// imports what it uses (`declare const client: ...` for the reader's own
// objects). A block that later blocks import, like the plugin a guide builds,
// is named with `<!-- module: @acme/capstan-plugin-static -->` on the line before
// its fence. A block that is deliberately a fragment says so with
// `<!-- not-checked: reason -->` there, and is listed below, so exceptions stay
// few and visible.
import { describe, expect, it } from 'vitest'
import { repoRoot } from '../cli/built-cli.js'
import { codeBlocksOf, docCodeBlocks } from './doc-code-blocks.js'
import { typeCheckBlocks } from './type-check-blocks.js'

/** The blocks that are not type-checked, as `file:line`, with why (the reason is in the Markdown). */
const NOT_CHECKED: string[] = []

const blocks = docCodeBlocks(repoRoot)
const checked = blocks.filter((block) => block.notChecked === undefined)
const errors = typeCheckBlocks(repoRoot, checked)

describe('doc code blocks', { timeout: 60_000 }, () => {
  it('finds the blocks of README.md, docs/, every plugin README and the READMEs of packages/', () => {
    const files = new Set(blocks.map((b) => b.file))
    for (const file of ['README.md', 'docs/writing-a-plugin.md', 'docs/errors.md', 'plugins-bolt/README.md', 'plugins-puppetdb/README.md', 'plugins-ssh/README.md', 'packages/store-postgres/README.md']) expect(files).toContain(file)
    expect([...files].some((file) => file.startsWith('docs/api/'))).toBe(false)
  })

  it('skips only the listed fragments', () => {
    expect(blocks.filter((b) => b.notChecked !== undefined).map((b) => `${b.file}:${b.line}`)).toEqual(NOT_CHECKED)
  })

  it.each(checked.map((block) => [`${block.file}:${block.line}`, block] as const))('%s compiles', (_at, block) => {
    expect((errors.get(block) ?? []).map((e) => `${e.at} ${e.message}`)).toEqual([])
  })
})

describe('codeBlocksOf', () => {
  const markdown = ['# Title', '', '```ts', 'const a = 1', '```', '', '```sh', '```ts not a block, inside sh', '```', '', '<!-- not-checked: a fragment -->', '', '  ```typescript', '  const b = 2', '  ```', ''].join('\n')

  it('finds ts blocks with the line of their first code line, and their not-checked reason', () => {
    expect(codeBlocksOf('x.md', markdown)).toEqual([
      { file: 'x.md', line: 4, code: 'const a = 1' },
      { file: 'x.md', line: 14, code: 'const b = 2', notChecked: 'a fragment' },
    ])
  })

  it('lets a block import another by the name its module comment gives', () => {
    const blocks = codeBlocksOf('x.md', ['<!-- module: @acme/answer -->', '```ts', 'export const answer = 42', '```', '```ts', "import { answer } from '@acme/answer'", 'const text: string = answer', '```', ''].join('\n'))
    expect(blocks[0]?.module).toBe('@acme/answer')
    const errors = typeCheckBlocks(repoRoot, blocks)
    expect(errors.get(blocks[0]!)).toEqual([])
    expect(errors.get(blocks[1]!)?.map((e) => [e.at, e.message])).toEqual([['x.md:7:7', "Type 'number' is not assignable to type 'string'."]])
  })

  it('reports an error at the file, line and column of the Markdown', () => {
    const [block] = codeBlocksOf('x.md', '\n```ts\nconst n: number = "text"\n```\n')
    const [error] = typeCheckBlocks(repoRoot, [block!]).get(block!) ?? []
    expect(error?.at).toBe('x.md:3:7')
    expect(error?.message).toMatch(/not assignable to type 'number'/)
  })
})
