import picomatch from 'picomatch'
import type { Node } from '../src/capabilities/models/node.js'
import type { NodeFilter } from '../src/capabilities/models/target.js'
import { factMatcher } from '../src/inventory/fact-matcher.js'
import { getPath } from '../src/inventory/get-path.js'

/**
 * The node filter as it was before issue 34, the baseline the RE2 matcher
 * (`nodeMatcher`) is compared with: fact regexes are JavaScript `RegExp`s
 * and name globs picomatch's (`nocase`, `dot`), both backtracking engines on
 * the event loop. Only the pattern engines differ: groups, sources and fact
 * equality are tested as `nodeMatcher` tests them.
 */
export function regexpNodeMatcher(filter: NodeFilter): (node: Node) => boolean {
  const tests: Array<(node: Node) => boolean> = []
  if (filter.names !== undefined && filter.names.length > 0) {
    const matches = picomatch([...filter.names], { nocase: true, dot: true })
    tests.push((node) => matches(node.id) || matches(node.name) || node.aliases.some((alias) => matches(alias)))
  }
  if (filter.groups !== undefined && filter.groups.length > 0) {
    const wanted = new Set(filter.groups)
    tests.push((node) => node.groups.some((group) => wanted.has(group)))
  }
  for (const [path, condition] of Object.entries(filter.facts ?? {})) {
    if (typeof condition === 'object' && 'regex' in condition) {
      const pattern = new RegExp(condition.regex)
      tests.push((node) => {
        const value = getPath(node.facts, path)
        return (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') && pattern.test(String(value))
      })
    } else {
      const matches = factMatcher(path, condition)
      tests.push((node) => matches(getPath(node.facts, path)))
    }
  }
  return (node) => tests.every((test) => test(node))
}
