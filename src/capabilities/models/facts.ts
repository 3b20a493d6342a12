import { z } from 'zod'

/**
 * A node's facts themselves: fact name → value, nested as the provider gives
 * them (`{ os: { family: 'Debian' }, kernel: 'Linux' }`). What `info.facts`
 * returns by default at {@link NodeFacts.facts}; opt in to typed well-known
 * fields with {@link WellKnownFacts}.
 */
export type FactValues = Record<string, unknown>

/**
 * The facts of one node from one provider (or merged from several, with the
 * source of each top-level fact in `factSources`): what `info.facts` and
 * `info.refresh` return. The facts themselves are at `facts`.
 */
export const NodeFacts = z.object({
  node: z.string().min(1),
  source: z.string().describe('Plugin that provided the facts; "merged" when several did'),
  gatheredAt: z.string().describe('ISO 8601 time the facts were gathered'),
  facts: z.record(z.string(), z.unknown()),
  factSources: z.record(z.string(), z.string()).optional().describe('Top-level fact name to plugin, when merged'),
})

/**
 * The facts of one node, with who gathered them and when.
 *
 * @typeParam F - The type of {@link NodeFacts.facts}: {@link FactValues}
 * (`Record<string, unknown>`) unless the caller opts in to more, such as
 * {@link WellKnownFacts} (`capstan.facts.get<WellKnownFacts>('web01')`). That
 * type is the caller's word, not checked at run time.
 *
 * A type alias, not an interface, so that it stays assignable to
 * `Record<string, unknown>` like the zod-inferred type it replaces.
 *
 * @example
 * ```ts
 * import type { NodeFacts, WellKnownFacts } from 'capstan'
 * declare const result: NodeFacts<WellKnownFacts>
 * const family: string | undefined = result.facts.os?.family
 * const role: unknown = result.facts['role'] // any other fact, untyped
 * ```
 */
export type NodeFacts<F extends object = FactValues> = {
  /** The node's id as the provider knows it. */
  node: string
  /** Plugin that provided the facts; `merged` when several did (`{ all: true }`). */
  source: string
  /** ISO 8601 time the facts were gathered. */
  gatheredAt: string
  /** The facts: fact name → value, nested (`facts.os.family`). */
  facts: F
  /** Top-level fact name → the plugin it came from, when merged. */
  factSources?: Record<string, string> | undefined
}

/**
 * The schema of {@link NodeFacts}.
 *
 * @deprecated Renamed {@link NodeFacts}: the data is at `.facts`, and `Facts`
 * read as the data rather than its wrapper. Kept until the next major version.
 */
export const Facts = NodeFacts

/**
 * The facts of one node, with who gathered them and when.
 *
 * @deprecated Renamed {@link NodeFacts} (the wrapper); the facts themselves
 * are {@link FactValues}. Kept until the next major version.
 */
export type Facts = NodeFacts
