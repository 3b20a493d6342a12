import type { Style } from './style.js'

const INDENT = '  '

type Entry = readonly [label: string, value: unknown]

function isScalar(value: unknown): boolean {
  return value === null || (typeof value !== 'object' && typeof value !== 'function')
}

function scalarText(value: unknown, style: Style): string {
  if (value === null) return style.dim('null')
  if (typeof value === 'string') return value
  if (typeof value === 'bigint') return `${value}`
  return String(value)
}

function entriesOf(value: object): Entry[] {
  if (Array.isArray(value)) return value.map((item, index) => [`[${index}]`, item] as const)
  return Object.entries(value).filter(([, item]) => item !== undefined)
}

function renderEntries(entries: readonly Entry[], depth: number, style: Style, seen: WeakSet<object>, out: string[]): void {
  const pad = INDENT.repeat(depth)
  for (const [label, value] of entries) {
    const key = style.cyan(label)
    if (isScalar(value)) {
      const text = scalarText(value, style)
      if (typeof value === 'string' && value.includes('\n')) {
        out.push(`${pad}${key}:`)
        for (const line of value.replace(/\n$/, '').split('\n')) out.push(`${pad}${INDENT}${line}`)
      } else {
        out.push(`${pad}${key}: ${text}`)
      }
      continue
    }
    const object = value as object
    if (seen.has(object)) {
      out.push(`${pad}${key}: ${style.dim('[circular]')}`)
      continue
    }
    if (Array.isArray(object)) {
      if (object.length === 0) {
        out.push(`${pad}${key}: ${style.dim('[]')}`)
        continue
      }
      // Short lists of plain values (ip addresses, groups) read best on one line.
      if (object.every((item) => isScalar(item) && !(typeof item === 'string' && item.includes('\n')))) {
        out.push(`${pad}${key}: ${object.map((item) => scalarText(item, style)).join(', ')}`)
        continue
      }
    }
    const children = entriesOf(object)
    if (children.length === 0) {
      out.push(`${pad}${key}: ${style.dim('{}')}`)
      continue
    }
    out.push(`${pad}${key}:`)
    seen.add(object)
    renderEntries(children, depth + 1, style, seen, out)
    seen.delete(object)
  }
}

/**
 * Renders a JSON-like value as an indented key/value tree (for facts and
 * single records): one `key: value` line per scalar, nested objects indented
 * two spaces under their key, arrays of scalars joined with `, `, other
 * arrays as `[0]:`, `[1]:`… entries. Keys keep the order they have in the
 * object; undefined values are left out.
 *
 * @example
 * ```ts
 * renderTree({ os: { family: 'Debian' }, ips: ['10.0.0.1', '10.0.0.2'] }, style)
 * // os:
 * //   family: Debian
 * // ips: 10.0.0.1, 10.0.0.2
 * ```
 */
export function renderTree(value: unknown, style: Style): string {
  if (value === undefined) return ''
  if (isScalar(value)) return `${scalarText(value, style)}\n`
  const out: string[] = []
  const seen = new WeakSet<object>([value as object])
  const entries = entriesOf(value as object)
  if (entries.length === 0) return `${style.dim(Array.isArray(value) ? '[]' : '{}')}\n`
  renderEntries(entries, 0, style, seen, out)
  return out.join('\n') + '\n'
}
