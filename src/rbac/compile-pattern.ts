import picomatch from 'picomatch'
import type { ScopeNode } from './permission-scope.js'

/**
 * picomatch is built for file paths, where `*` stops at `/` and skips leading
 * dots. Permission and node names are not paths: `bash` makes `*` match any run
 * of characters, `dot` lets it match a leading dot, and `windows: false` keeps
 * matching the same on every platform (picomatch otherwise follows the OS).
 */
const globOptions = Object.freeze({ bash: true, dot: true, windows: false, nonegate: true })

// Characters that make picomatch treat a pattern as a glob; without them a plain string comparison is exact and faster.
const globCharacters = /[*?[\]{}()!+@\\]/

/** Prefix of a node pattern that matches group names instead of node names. */
export const groupPrefix = 'group:'

/**
 * Compiles a capability pattern (`inventory.*`, `*`, `command.execute`) into a
 * predicate on permission ids. Case-sensitive, like capability ids.
 */
export function compileCapabilityPattern(pattern: string): (permission: string) => boolean {
  if (pattern === '*') return () => true
  if (!globCharacters.test(pattern)) return (permission) => permission === pattern
  return picomatch(pattern, globOptions)
}

/**
 * Compiles a node pattern into a predicate on nodes: `group:<glob>` tests the
 * node's groups, anything else its id, name and aliases. Case-insensitive,
 * because host names are.
 */
export function compileNodePattern(pattern: string): (node: ScopeNode) => boolean {
  if (pattern.startsWith(groupPrefix)) {
    const matchesGroup = picomatch(pattern.slice(groupPrefix.length), { ...globOptions, nocase: true })
    return (node) => node.groups.some((group) => matchesGroup(group))
  }
  const matchesName = picomatch(pattern, { ...globOptions, nocase: true })
  return (node) =>
    matchesName(node.id) || (node.name !== undefined && matchesName(node.name)) || (node.aliases?.some((alias) => matchesName(alias)) ?? false)
}
