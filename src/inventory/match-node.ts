import type { Node } from '../capabilities/models/node.js'
import type { NodeFilter } from '../capabilities/models/target.js'
import { factMatcher } from './fact-matcher.js'
import { getPath } from './get-path.js'
import { nodeNameMatcher } from './node-name-matcher.js'

/**
 * Compiles `filter` once (globs, regular expressions) into a test on nodes,
 * for when many nodes are tested against one filter. Every given criterion
 * must hold; within `names`, `groups` and `sources` any entry may match. An
 * empty list is no constraint, as if the criterion were left out.
 *
 * - `names`: globs over the node's id, name and aliases, case-insensitive
 *   (`*`, `?`, `[a-z]`, `{a,b}`; see docs/inventory.md), matched on RE2;
 * - `groups`: the groups the node itself lists (nested group membership is
 *   resolved by `resolveTargets`, which has the groups);
 * - `sources`: plugins that reported the node;
 * - `facts`: dotted paths into `node.facts`, see `factMatcher`.
 *
 * @throws CapstanError VALIDATION_ERROR when a fact regex is not RE2 syntax or is too large.
 */
export function nodeMatcher(filter: NodeFilter): (node: Node) => boolean {
  const tests: Array<(node: Node) => boolean> = []
  if (filter.names !== undefined && filter.names.length > 0) {
    tests.push(nodeNameMatcher(filter.names))
  }
  if (filter.groups !== undefined && filter.groups.length > 0) {
    const wanted = new Set(filter.groups)
    tests.push((node) => node.groups.some((group) => wanted.has(group)))
  }
  if (filter.sources !== undefined && filter.sources.length > 0) {
    const wanted = new Set(filter.sources)
    tests.push((node) => node.sources.some((source) => wanted.has(source)))
  }
  for (const [path, condition] of Object.entries(filter.facts ?? {})) {
    const matches = factMatcher(path, condition)
    tests.push((node) => matches(getPath(node.facts, path)))
  }
  return (node) => tests.every((test) => test(node))
}

/**
 * True when `node` meets every criterion of `filter` (see {@link nodeMatcher};
 * use that instead when testing many nodes against one filter).
 *
 * @example
 * ```ts
 * matchesFilter(node, { groups: ['web'], facts: { 'os.family': 'Debian', 'os.release.major': { in: [11, 12] } } })
 * ```
 * @throws CapstanError VALIDATION_ERROR when a fact regex is invalid.
 */
export function matchesFilter(node: Node, filter: NodeFilter): boolean {
  return nodeMatcher(filter)(node)
}
