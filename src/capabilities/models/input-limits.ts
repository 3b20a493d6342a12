/**
 * The bounds every capability's input is checked against, so that one call
 * cannot make a backend (or the host) do unbounded work, and an error about
 * it stays small. Input beyond them is a VALIDATION_ERROR naming the field.
 *
 * @example
 * ```ts
 * import { inputLimits } from 'capstan'
 * const groups = ['web', 'db']
 * if (groups.length > inputLimits.listEntries) throw new Error('split the filter')
 * ```
 */
export const inputLimits = {
  /** Characters in a name: node id, group, glob, plugin, task, fact path, record id. */
  nameLength: 1024,
  /** Entries in a target list and in each of a filter's `names`, `groups` and `sources`. */
  listEntries: 10_000,
  /** Fact conditions in one filter. */
  factConditions: 100,
  /** Values in one fact condition's `{ in: [...] }`. */
  inValues: 1_000,
  /** Characters in a fact condition's string value or `{ regex }`, and in a comment. */
  valueLength: 4_096,
  /**
   * Characters in a command, a script argument or an environment value:
   * 131,072, Linux's limit for one argument or environment string.
   */
  textLength: 131_072,
  /**
   * Entries in any other list or record of an input: script arguments,
   * environment variables, packages, task or deployment parameters,
   * `include`.
   */
  entries: 1_000,
  /** Bytes of JSON in task or deployment parameters and a provisioning spec, all values included. */
  jsonBytes: 1_048_576,
  /** Characters in an ISO 8601 timestamp (nanoseconds and an offset fit in 35). */
  timestampLength: 64,
  /** The longest duration in ms: what a Node timer holds (2^31 - 1, about 24.8 days); a longer one would fire at once. */
  durationMs: 2_147_483_647,
  /**
   * Instructions a `{ regex }` compiles to in RE2: about one per character,
   * class or operator, and a counted repeat (`x{50}`) counts every copy.
   * Matching takes time proportional to the text times this, at worst.
   */
  regexInstructions: 1_000,
  /** Globs (names with `*`, `?`, `[` or `{`) in one target list or filter's `names`; plain names are not counted. */
  globs: 256,
  /** Characters of all the globs of one target list or filter's `names`, together. */
  globCharacters: 16_384,
} as const
