/** Free-form key/value data (vars, config, facts). */
type JsonRecord = Record<string, unknown>

/**
 * Shallow-merges records where the first one holding a top-level key wins;
 * later records only fill gaps. Always a new object, so merged output never
 * aliases a source's own record.
 */
export function mergeFirstWins(values: readonly JsonRecord[]): JsonRecord {
  // One record (the usual case: each source fills its own fields) is a plain copy.
  if (values.length === 1) return { ...values[0] }
  let merged: JsonRecord = {}
  // Spreading from the last record to the first lets earlier keys overwrite later ones. Spread defines
  // properties rather than assigning them, so a '__proto__' key from parsed JSON stays a plain key.
  for (let i = values.length - 1; i >= 0; i--) {
    merged = { ...merged, ...values[i] }
  }
  return merged
}
