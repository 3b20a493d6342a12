/** Free-form key/value data (vars, config, facts). */
type JsonRecord = Record<string, unknown>

/**
 * Shallow-merges records where the first one holding a top-level key wins;
 * later records only fill gaps. Returns undefined when every value is
 * undefined, so an absent field stays absent.
 */
export function mergeFirstWins(values: ReadonlyArray<JsonRecord | undefined>): JsonRecord | undefined {
  let merged: JsonRecord | undefined
  // Spreading from the last record to the first lets earlier keys overwrite later ones. Spread defines
  // properties rather than assigning them, so a '__proto__' key from parsed JSON stays a plain key.
  for (let i = values.length - 1; i >= 0; i--) {
    const value = values[i]
    if (value !== undefined) merged = { ...merged, ...value }
  }
  return merged
}
