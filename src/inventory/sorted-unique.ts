/**
 * The distinct values in code-unit order: the form every merged list takes,
 * so output is reproducible on every machine (the default sort compares
 * UTF-16 code units, with no locale involved).
 */
export function sortedUnique(values: readonly string[]): string[] {
  const sorted = [...values].sort()
  let kept = 0
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[kept - 1]) sorted[kept++] = sorted[i]!
  sorted.length = kept
  return sorted
}
