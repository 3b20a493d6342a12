import picomatch from 'picomatch'
import type { Node } from '../capabilities/models/node.js'

/**
 * Compiles name globs (`web*`, `db-[0-9]*`) once into a test that is true
 * when any of them matches the node's id, name or one of its aliases.
 * Case-insensitive, like node names themselves.
 */
export function nodeNameMatcher(patterns: readonly string[]): (node: Node) => boolean {
  if (patterns.length === 0) return () => false
  // dot: a leading dot in a node name is not a hidden file, so '*' should match it too.
  const matches = picomatch([...patterns], { nocase: true, dot: true })
  return (node) => matches(node.id) || matches(node.name) || node.aliases.some((alias) => matches(alias))
}

/** True when `pattern` has glob syntax; a plain name is only ever compared exactly. */
export function isGlob(pattern: string): boolean {
  return picomatch.scan(pattern).isGlob
}
