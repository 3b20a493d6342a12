/**
 * The candidate nearest to `word` by Damerau-Levenshtein distance (a swap of
 * two neighbouring letters is one edit), for "did you mean ...?" hints on
 * unknown commands, flags and enum values. Only a close candidate is returned:
 * at most 2 edits, or at most a third of the word's length for long words, and
 * never one that shares nothing with the word. Case is ignored; on a tie the
 * earlier candidate wins.
 */
export function suggest(word: string, candidates: readonly string[]): string | undefined {
  const typed = word.toLowerCase()
  const allowed = Math.max(2, Math.floor(typed.length / 3))
  let best: { candidate: string; distance: number } | undefined
  for (const candidate of candidates) {
    const distance = damerauLevenshtein(typed, candidate.toLowerCase())
    // Rewriting every letter of a short word is no longer a typo of it.
    if (distance > allowed || distance >= Math.max(typed.length, candidate.length)) continue
    if (best === undefined || distance < best.distance) best = { candidate, distance }
  }
  return best?.candidate
}

/** Edit distance counting insertions, deletions, substitutions and adjacent swaps (optimal string alignment). */
export function damerauLevenshtein(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)))
  const at = (i: number, j: number): number => rows[i]?.[j] ?? 0
  for (let i = 1; i <= a.length; i++) {
    const row = rows[i] as number[]
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let distance = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) distance = Math.min(distance, at(i - 2, j - 2) + 1)
      row[j] = distance
    }
  }
  return at(a.length, b.length)
}
