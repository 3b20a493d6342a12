import { describe, expect, it } from 'vitest'
import { JournalEntry, JournalQuery } from 'capstan'

describe('JournalQuery', () => {
  it('defaults the limit and accepts every filter', () => {
    expect(JournalQuery.parse({ node: 'web01', kinds: ['execution', 'note'], since: '2026-01-01T00:00:00Z' })).toEqual({ node: 'web01', kinds: ['execution', 'note'], since: '2026-01-01T00:00:00Z', limit: 50 })
  })

  it.each([
    [{ since: '2026-02-01T00:00:00Z', until: '2026-01-01T00:00:00Z' }, 'until'],
    [{ kinds: ['Execution'] }, 'kinds.0'],
    [{ limit: 0 }, 'limit'],
    [{ nodes: ['web01'], page: 2 }, ''],
    [{ nodes: [''] }, 'nodes.0'],
  ])('refuses %j naming %s', (query, path) => {
    const parsed = JournalQuery.safeParse(query)
    expect(parsed.success).toBe(false)
    expect(parsed.error?.issues[0]?.path.join('.')).toBe(path)
  })
})

describe('JournalEntry', () => {
  it('takes a JSON body and refuses one that is not JSON', () => {
    const base = { id: 'x:web01', node: 'web01', time: '2026-01-01T00:00:00Z', kind: 'note', source: 'host', summary: 'replaced disk' }
    expect(JournalEntry.parse(base)).toEqual({ ...base, body: {} })
    expect(JournalEntry.safeParse({ ...base, body: { n: 1n } }).success).toBe(false)
    expect(JournalEntry.safeParse({ ...base, kind: 'Bad Kind' }).success).toBe(false)
  })
})
