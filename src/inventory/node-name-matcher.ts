import type { Node } from '../capabilities/models/node.js'
import { globMatcher } from '../patterns/glob-matcher.js'

/**
 * Compiles name globs (`web*`, `db-[0-9]*`, `{web,db}0?`; syntax:
 * `parseGlob`) once into a test that is true when any of them matches the
 * node's id, name or one of its aliases. Case-insensitive, like node names
 * themselves. Matching runs on RE2, in time linear in the name.
 */
export function nodeNameMatcher(patterns: readonly string[]): (node: Node) => boolean {
  if (patterns.length === 0) return () => false
  const matches = globMatcher(patterns, { caseInsensitive: true })
  return (node) => matches(node.id) || (node.name !== node.id && matches(node.name)) || node.aliases.some((alias) => matches(alias))
}
