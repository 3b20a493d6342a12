import type { FactCondition, NodeFilter } from 'capstan'
import type { Ast } from '../query/ast.js'

/** A PuppetDB AST condition. */
type Condition = Ast

/**
 * Pushes a node filter down to PuppetDB as a condition on the `inventory`
 * entity, so PuppetDB returns the matching nodes instead of every node.
 *
 * The condition selects a superset of what the filter means, never a
 * subset: the host still tests every linked node against the filter
 * afterwards (names across every source's aliases, JavaScript regular
 * expressions), so anything that cannot be said exactly in PuppetDB's terms
 * is widened or left out here, never guessed:
 *
 * - `names`: plain names and `*`/`?` globs match the certname or its short
 *   hostname (the first DNS label); other glob syntax is not pushed down;
 * - `groups`: a group is the value of one of the `groupBy` paths, so each
 *   group becomes an equality on any of them;
 * - `facts`: values match with a number and its numeric string treated as
 *   equal (as the host does); `in` lists become `or`; regular expressions
 *   are pushed down only when they use the syntax both engines read alike;
 * - `sources` is left to the host.
 *
 * Returns undefined when nothing can be pushed down.
 */
export function nodeFilterQuery(filter: NodeFilter, groupBy: readonly string[]): Condition | undefined {
  const conditions: Condition[] = []
  const names = namesCondition(filter.names ?? [])
  if (names !== undefined) conditions.push(names)
  if (filter.groups !== undefined && filter.groups.length > 0 && groupBy.length > 0) {
    conditions.push(anyOf(filter.groups.flatMap((group) => groupBy.map((path) => ['=', groupField(path), group]))))
  }
  for (const [path, condition] of Object.entries(filter.facts ?? {})) {
    const fact = factCondition(`facts.${path}`, condition)
    if (fact !== undefined) conditions.push(fact)
  }
  if (conditions.length === 0) return undefined
  return conditions.length === 1 ? conditions[0] : ['and', ...conditions]
}

/** The inventory field a `groupBy` path reads: the node's environment, or a fact. */
export function groupField(path: string): string {
  return path === 'environment' ? 'environment' : `facts.${path}`
}

function namesCondition(names: readonly string[]): Condition | undefined {
  if (names.length === 0) return undefined
  const patterns: string[] = []
  for (const name of names) {
    // Anything beyond * and ? (classes, braces, extglobs, negation) is left to the host.
    if (/[[\]{}()!+@\\]/.test(name)) return undefined
    patterns.push(globToRegex(name.toLowerCase()))
  }
  // Certnames are lower case (Puppet requires it); the short hostname is the part before the first dot.
  return ['~', 'certname', `^(${patterns.join('|')})(\\..*)?$`]
}

function globToRegex(glob: string): string {
  return [...glob].map((char) => (char === '*' ? '.*' : char === '?' ? '.' : /[.^$|+]/.test(char) ? `\\${char}` : char)).join('')
}

function factCondition(field: string, condition: FactCondition): Condition | undefined {
  if (typeof condition !== 'object') return anyOf(equalities(field, condition))
  if ('in' in condition) return anyOf(condition.in.flatMap((value) => equalities(field, value)))
  return portableRegex(condition.regex) ? ['~', field, condition.regex] : undefined
}

/** Equality that, like the host, takes 7 and '7' as the same value. */
function equalities(field: string, value: string | number | boolean): Condition[] {
  if (typeof value === 'number') return [['=', field, value], ['=', field, String(value)]]
  if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return [['=', field, value], ['=', field, Number(value)]]
  return [['=', field, value]]
}

/**
 * True for regular expressions that JavaScript and PostgreSQL read the
 * same way: literals, `.`, anchors, alternation, groups, simple classes and
 * quantifiers. Lookarounds, backreferences, `\d`-style escapes and flags
 * are left to the host.
 */
function portableRegex(source: string): boolean {
  return /^(?:[\w\s.^$|*+?(){},:=/@#%&~-]|\[[\w.-]+\])*$/.test(source) && !source.includes('(?')
}

function anyOf(conditions: Condition[]): Condition {
  return conditions.length === 1 ? conditions[0]! : ['or', ...conditions]
}
