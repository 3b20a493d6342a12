/** Up to this many values are sorted by insertion, which beats `Array.prototype.sort` on a handful. */
const insertionSortMax = 16

/**
 * The distinct values in code-unit order: the form every merged list takes,
 * so output is reproducible on every machine (code units compared with `<`,
 * as the default sort does, with no locale involved). Always a new array.
 */
export function sortedUnique(values: readonly string[]): string[] {
  if (values.length > insertionSortMax) return dedupeSorted([...values].sort())
  const sorted: string[] = []
  for (const value of values) {
    let at = sorted.length
    while (at > 0 && sorted[at - 1]! > value) at--
    if (at > 0 && sorted[at - 1] === value) continue
    sorted.push(value)
    for (let i = sorted.length - 1; i > at; i--) sorted[i] = sorted[i - 1]!
    sorted[at] = value
  }
  // A pushed-to array keeps room for more; merged lists are kept, so they are copied to their size.
  return sorted.slice()
}

/** Drops repeats from a sorted array, in place. */
function dedupeSorted(sorted: string[]): string[] {
  let kept = 0
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[kept - 1]) sorted[kept++] = sorted[i]!
  sorted.length = kept
  return sorted
}
