import type { JournalFilter } from 'capstan/plugin-kit'

/** WHERE conditions for a query's filters, with their parameters numbered after `values` (which it appends to). */
export function filterConditions(filter: JournalFilter, values: unknown[]): string[] {
  const conditions: string[] = []
  const param = (value: unknown) => {
    values.push(value)
    return `$${values.length}`
  }
  if (filter.node !== undefined) conditions.push(`node = ${param(filter.node)}`)
  // The nodes within a principal's reach may be many: one array parameter, whatever their number.
  if (filter.nodes !== undefined) conditions.push(`node = ANY(${param(filter.nodes)}::text[])`)
  if (filter.executionId !== undefined) conditions.push(`execution_id = ${param(filter.executionId)}`)
  if (filter.actor !== undefined) conditions.push(`actor = ${param(filter.actor)}`)
  if (filter.kinds !== undefined) conditions.push(`kind = ANY(${param(filter.kinds)}::text[])`)
  if (filter.since !== undefined) conditions.push(`time >= ${param(filter.since)}::timestamptz`)
  if (filter.until !== undefined) conditions.push(`time < ${param(filter.until)}::timestamptz`)
  return conditions
}
