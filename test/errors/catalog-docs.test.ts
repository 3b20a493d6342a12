import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { errorCatalog, errorCodes } from '../../src/errors/index.js'

const docs = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8')

/** Table rows of docs/errors.md whose first cell is a code in backticks, keyed by code. */
function documentedRows(): Map<string, string[]> {
  const rows = new Map<string, string[]>()
  for (const line of docs.split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim())
    const code = /^`([A-Z_]+)`$/.exec(cells[1] ?? '')?.[1]
    if (code !== undefined) rows.set(code, cells.slice(1, -1))
  }
  return rows
}

describe('docs/errors.md', () => {
  const rows = documentedRows()

  it.each(errorCodes)('documents %s with its retryable flag, advice and HTTP status', (code) => {
    const row = rows.get(code)
    expect(row, `docs/errors.md has no table row for ${code}`).toBeDefined()
    const entry = errorCatalog[code]
    expect(row?.[2]).toBe(entry.retryable ? 'yes' : 'no')
    expect(row?.[3]).toBe(entry.advice)
    expect(row?.[4]).toBe(String(entry.httpStatus))
  })

  it('lists no code that the catalog does not have', () => {
    expect([...rows.keys()].filter((code) => !(code in errorCatalog))).toEqual([])
  })

  it('starts with a runnable example that branches on err.code', () => {
    const firstBlock = /```ts\n([\s\S]*?)```/.exec(docs)?.[1] ?? ''
    expect(firstBlock).toContain('isCapstanError')
    expect(firstBlock).toContain('err.code')
  })
})
