import type { Style } from './style.js'
import { visibleWidth } from './visible-width.js'

/** One column of {@link renderTable}. */
export interface TableColumn<Row = Record<string, unknown>> {
  /** Property of the row shown in this column. */
  key: string
  /** Column title, printed bold in the first line. */
  header: string
  /** Turns the cell's value into text; by default see {@link formatCell}. */
  format?: (value: unknown, row: Row) => string
}

/**
 * The default text of a cell: nothing for null and undefined, arrays joined
 * with `, `, objects as JSON, anything else as `String(value)`. Line breaks
 * become spaces so a cell never breaks the alignment.
 */
export function formatCell(value: unknown): string {
  let text: string
  if (value === null || value === undefined) text = ''
  else if (Array.isArray(value)) text = value.map((item) => (typeof item === 'object' && item !== null ? JSON.stringify(item) : String(item))).join(', ')
  else if (typeof value === 'object') text = JSON.stringify(value)
  else text = String(value)
  return text.replace(/\s*\r?\n\s*/g, ' ').replace(/\t/g, ' ')
}

/**
 * Renders rows as aligned columns under a bold header line, two spaces apart,
 * without trailing spaces. An empty list renders as one `(none)` line.
 * Widths are measured in terminal columns, ignoring ANSI codes, so cells may
 * be coloured by `format`.
 *
 * @example
 * ```ts
 * renderTable(nodes, [{ key: 'id', header: 'ID' }, { key: 'groups', header: 'GROUPS' }], style)
 * // ID     GROUPS
 * // web01  web, prod
 * ```
 */
export function renderTable<Row extends Record<string, unknown>>(rows: readonly Row[], columns: ReadonlyArray<TableColumn<Row>>, style: Style): string {
  if (rows.length === 0) return `${style.dim('(none)')}\n`
  const cells = rows.map((row) => columns.map((column) => (column.format ? column.format(row[column.key], row) : formatCell(row[column.key]))))
  const widths = columns.map((column, index) => Math.max(visibleWidth(column.header), ...cells.map((line) => visibleWidth(line[index] ?? ''))))
  const line = (texts: readonly string[]): string =>
    texts
      .map((text, index) => (index === texts.length - 1 ? text : text + ' '.repeat((widths[index] ?? 0) - visibleWidth(text))))
      .join('  ')
      .trimEnd()
  const header = line(columns.map((column) => column.header))
  // Bold the header after padding: the padding is measured on the plain text.
  return [style.bold(header), ...cells.map(line)].join('\n') + '\n'
}
