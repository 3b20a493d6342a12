import { deepMerge } from './deep-merge.js'

/**
 * What Bolt knows about one target at one place in the inventory (a target
 * entry, or a group's own data), in the shape Bolt merges while walking the
 * group tree.
 */
export interface TargetData {
  /** The target's `name`, when this place gave one. */
  name?: string | undefined
  /** The target's `uri`, when this place gave one. */
  uri?: string | undefined
  /** Aliases given here. */
  aliases: string[]
  /** Transport configuration (deep-merged). */
  config: Record<string, unknown>
  /** Vars (merged one level deep: a var's value is replaced, never merged). */
  vars: Record<string, unknown>
  /** Facts (deep-merged). */
  facts: Record<string, unknown>
  /** Feature names (union). */
  features: string[]
  /** Group names, innermost first. */
  groups: string[]
}

/**
 * Merges two {@link TargetData} exactly as Bolt's `Group#data_merge` does, so
 * precedence matches Bolt without re-deriving it: for config, vars and facts
 * `second` wins; for `name` and `uri` the first one given wins; aliases and
 * features are unions; groups list `second`'s before `first`'s.
 *
 * Either side may be `undefined` (the target is not in that part of the tree).
 */
export function mergeTargetData(first: TargetData | undefined, second: TargetData | undefined): TargetData | undefined {
  if (first === undefined || second === undefined) return second ?? first
  return {
    name: first.name ?? second.name,
    uri: first.uri ?? second.uri,
    aliases: unique([...first.aliases, ...second.aliases]),
    config: deepMerge(first.config, second.config),
    // Bolt merges vars shallowly on purpose: a hash-valued var given closer to
    // the target replaces the outer one instead of being mixed into it.
    vars: { ...first.vars, ...second.vars },
    facts: deepMerge(first.facts, second.facts),
    features: unique([...first.features, ...second.features]),
    groups: unique([...second.groups, ...first.groups]),
  }
}

/** An empty {@link TargetData}, optionally with a name, uri or groups. */
export function emptyTargetData(init: Partial<TargetData> = {}): TargetData {
  return { aliases: [], config: {}, vars: {}, facts: {}, features: [], groups: [], ...init }
}

function unique(values: string[]): string[] {
  return [...new Set(values)]
}
