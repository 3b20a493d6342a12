import { describe, expect, it } from 'vitest'
import { createStyle, formatCell, renderTable, stripAnsi, visibleWidth } from '../../../src/cli/render/index.js'

const plain = createStyle({ color: false })
const color = createStyle({ color: true })

describe('renderTable', () => {
  const rows = [
    { id: 'web01.example.com', transport: 'ssh', groups: ['web', 'prod'] },
    { id: 'db1', transport: undefined, groups: [] },
  ]
  const columns = [
    { key: 'id', header: 'ID' },
    { key: 'transport', header: 'TRANSPORT' },
    { key: 'groups', header: 'GROUPS' },
  ]

  it('aligns every column under its header, two spaces apart, without trailing spaces', () => {
    expect(renderTable(rows, columns, plain)).toBe(
      ['ID                 TRANSPORT  GROUPS', 'web01.example.com  ssh        web, prod', 'db1'].join('\n') + '\n',
    )
  })

  it('renders an empty list as one (none) line', () => {
    expect(renderTable([], columns, plain)).toBe('(none)\n')
  })

  it('uses format with the value and the whole row', () => {
    const text = renderTable(rows, [{ key: 'id', header: 'NODE', format: (value, row) => `${String(value)}/${String(row['transport'] ?? '-')}` }], plain)
    expect(text.split('\n')).toContain('db1/-')
    expect(text.split('\n')).toContain('web01.example.com/ssh')
  })

  it('aligns coloured cells and bolds the header when colour is on', () => {
    const text = renderTable(
      [
        { status: 'failed', node: 'a' },
        { status: 'ok', node: 'b' },
      ],
      [
        { key: 'status', header: 'STATUS', format: (value) => color.red(String(value)) },
        { key: 'node', header: 'NODE' },
      ],
      color,
    )
    expect(text.startsWith('\u001b[1m')).toBe(true)
    expect(stripAnsi(text)).toBe('STATUS  NODE\nfailed  a\nok      b\n')
  })

  it('aligns wide characters by terminal columns', () => {
    const lines = renderTable(
      [
        { name: '東京', x: 1 },
        { name: 'paris', x: 2 },
      ],
      [
        { key: 'name', header: 'CITY' },
        { key: 'x', header: 'X' },
      ],
      plain,
    ).split('\n')
    const columnOfX = lines.slice(0, 3).map((line) => visibleWidth(line.slice(0, line.lastIndexOf(' ') + 1)))
    expect(new Set(columnOfX).size).toBe(1)
  })

  it('keeps multi-line values on one row', () => {
    const text = renderTable([{ d: 'first\nsecond' }], [{ key: 'd', header: 'D' }], plain)
    expect(text).toBe('D\nfirst second\n')
  })
})

describe('formatCell', () => {
  it('shows null and undefined as nothing, arrays joined, objects as JSON', () => {
    expect(formatCell(null)).toBe('')
    expect(formatCell(undefined)).toBe('')
    expect(formatCell(['a', 1, true])).toBe('a, 1, true')
    expect(formatCell({ a: 1 })).toBe('{"a":1}')
    expect(formatCell(false)).toBe('false')
  })
})
