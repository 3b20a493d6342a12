import type { FactCondition, NodeFilter } from 'capstan'
import type { Ast } from '../query/ast.js'
import { type ConditionSize, PUSHDOWN_BUDGET, withinBudget } from './pushdown-budget.js'

/** A PuppetDB AST condition. */
type Condition = Ast

/**
 * Pushes a node filter down to PuppetDB as a condition on the `inventory`
 * entity, so PuppetDB returns the matching nodes instead of every node.
 *
 * The condition selects a superset of what the filter means, never a
 * subset: the host still tests every linked node against the filter
 * afterwards (names across every source's aliases, regular expressions in
 * RE2 syntax), so anything that cannot be said exactly in PuppetDB's terms
 * is widened or left out here, never guessed:
 *
 * - `names`: plain names and `*`/`?` globs match the certname or its short
 *   hostname (the first DNS label), or the value of an identity fact (`fqdn`,
 *   `networking.ip`, ...): the host lists those among the node's aliases, so
 *   a node named by its IP must come back too; other glob syntax is not
 *   pushed down;
 * - `groups`: a group is the value of one of the `groupBy` paths, so each
 *   group becomes an equality on any of them;
 * - `facts`: values match with a number and its numeric string treated as
 *   equal (as the host does); `in` lists become `or`; regular expressions
 *   are pushed down only when they use syntax that PostgreSQL (which runs
 *   PuppetDB's `~`) reads as RE2 does, or more widely;
 * - `sources` is left to the host;
 * - a criterion that would take the query over {@link PUSHDOWN_BUDGET} is left
 *   to the host, the largest first (PuppetDB returns more, the host filters).
 *
 * Returns undefined when nothing can be pushed down.
 */
export function nodeFilterQuery(filter: NodeFilter, groupBy: readonly string[], budget: ConditionSize = PUSHDOWN_BUDGET): Condition | undefined {
  return nodeFilterPushdown(filter, groupBy, budget).condition
}

/**
 * {@link nodeFilterQuery} with the criteria it left to the host: those it
 * cannot say in PuppetDB's terms are never in the condition, and those that
 * would take it over {@link PUSHDOWN_BUDGET} are in `omitted` (`names`,
 * `groups`, `facts.<path>`), largest first.
 */
export function nodeFilterPushdown(
  filter: NodeFilter,
  groupBy: readonly string[],
  budget: ConditionSize = PUSHDOWN_BUDGET,
): { condition: Condition | undefined; omitted: string[] } {
  const criteria: Array<{ name: string; condition: Condition }> = []
  const names = namesCondition(filter.names ?? [])
  if (names !== undefined) criteria.push({ name: 'names', condition: names })
  if (filter.groups !== undefined && filter.groups.length > 0 && groupBy.length > 0) {
    criteria.push({ name: 'groups', condition: anyOf(filter.groups.flatMap((group) => groupBy.flatMap((path) => groupEqualities(path, group)))) })
  }
  for (const [path, condition] of Object.entries(filter.facts ?? {})) {
    const fact = factCondition(`facts.${path}`, condition)
    if (fact !== undefined) criteria.push({ name: `facts.${path}`, condition: fact })
  }
  const { kept, omitted } = withinBudget(criteria, budget)
  const conditions = kept.map((criterion) => criterion.condition)
  if (conditions.length === 0) return { condition: undefined, omitted }
  return { condition: conditions.length === 1 ? conditions[0] : ['and', ...conditions], omitted }
}

/** The inventory field a `groupBy` path reads: the node's environment, or a fact. */
export function groupField(path: string): string {
  return path === 'environment' ? 'environment' : `facts.${path}`
}

/**
 * Facts whose values the host takes as names of the node (the identity facts
 * linking reads, which the linked node lists among its aliases).
 */
const NAME_FACTS = ['fqdn', 'networking.fqdn', 'certname', 'ipaddress', 'networking.ip', 'trusted.certname'] as const

/**
 * A group named after a number or boolean fact (`7`, `true`, see
 * `deriveGroups`) is that value in PuppetDB, whose `=` tells `7` from `'7'`:
 * so a fact path is also compared with the value the name spells.
 */
function groupEqualities(path: string, group: string): Condition[] {
  const field = groupField(path)
  if (path === 'environment') return [['=', field, group]]
  if (group === 'true' || group === 'false') return [['=', field, group], ['=', field, group === 'true']]
  return equalities(field, group)
}

function namesCondition(names: readonly string[]): Condition | undefined {
  if (names.length === 0) return undefined
  const patterns: string[] = []
  for (const name of names) {
    // Anything beyond * and ? (classes, braces, escapes) is left to the host, and so are the characters
    // that are text in a glob but syntax in a PostgreSQL regex (`(`, `|`, `+`, ...).
    if (/[[\]{}()!+@\\|/]/.test(name)) return undefined
    patterns.push(globToRegex(name.toLowerCase()))
  }
  const alternatives = patterns.join('|')
  // Fact values may be spelt in any case and with a root dot; the host compares names without either.
  const anyCase = [...alternatives].map((char) => (/[a-z]/.test(char) ? `[${char}${char.toUpperCase()}]` : char)).join('')
  return anyOf([
    // Certnames are lower case (Puppet requires it); the short hostname is the part before the first dot.
    ['~', 'certname', `^(${alternatives})(\\..*)?$`],
    ...NAME_FACTS.map((path): Condition => ['~', `facts.${path}`, `^(${anyCase})\\.?$`]),
  ])
}

function globToRegex(glob: string): string {
  return [...glob].map((char) => (char === '*' ? '.*' : char === '?' ? '.' : /[.^$|+]/.test(char) ? `\\${char}` : char)).join('')
}

function factCondition(field: string, condition: FactCondition): Condition | undefined {
  if (typeof condition !== 'object') return anyOf(equalities(field, condition))
  if ('in' in condition) return anyOf(condition.in.flatMap((value) => equalities(field, value)))
  return portableRegex(condition.regex) ? ['~', field, condition.regex] : undefined
}

/**
 * Equality that, like the host, takes a number and a string JavaScript reads
 * as that number as the same value: 7 matches '7', and also ' 7', '07',
 * '7.0' or '0x7', which PuppetDB's `=` cannot see, so {@link OTHER_NUMBER_SPELLINGS}
 * selects those (and more; the host sorts them out).
 */
function equalities(field: string, value: string | number | boolean): Condition[] {
  if (typeof value === 'number') return [['=', field, value], ['=', field, String(value)], ['~', field, OTHER_NUMBER_SPELLINGS]]
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return [['=', field, value], ['=', field, Number(value)]]
  return [['=', field, value]]
}

/** The characters `Number()` trims from a string: JavaScript's white space and line terminators. */
const JS_SPACE = '\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff'
/** The characters of a number literal `Number()` reads: digits, sign, point, exponent, 0x/0o/0b prefixes and hex digits. */
const NUMBER_CHARS = '0-9a-fA-FxXoO.+-'

/**
 * Every string `Number()` reads as a finite number, except the plain
 * integer spellings `-?[1-9][0-9]{0,14}` (and `0`), which read as exactly
 * the number they spell, so `=` with the number's own spelling finds them.
 * The rest has white space, a sign, a point, an exponent or a radix prefix,
 * starts with 0, or is too long for a double to tell apart.
 */
const OTHER_NUMBER_SPELLINGS = [
  `^[${JS_SPACE}${NUMBER_CHARS}]*[${JS_SPACE}+.eExXoObB][${JS_SPACE}${NUMBER_CHARS}]*$`,
  `^-?0[${JS_SPACE}${NUMBER_CHARS}]*$`,
  '^-?[0-9]{16,}$',
].join('|')

/** The characters and simple classes a pushed-down regex may consist of: no escape, no negated class. */
const PORTABLE_CHARACTERS = /^(?:[\w\s.^$|*+?(){},:=/@#%&~-]|\[-?(?:[\w.](?:-[\w.])?)+-?\])*$/

/** PostgreSQL's largest bound, `{255}`; RE2 goes to 1,000. */
const POSTGRES_MAX_BOUND = 255

/**
 * True for regular expressions (RE2 syntax: the host's schema checked them)
 * that PostgreSQL, which evaluates PuppetDB's `~`, reads the same way:
 * literals, `.`, anchors, alternation, groups, classes of characters and
 * ranges, and quantifiers. Left to the host: escapes (`\d`, `\.`), `(?`
 * groups and flags, negated classes, and what PostgreSQL refuses (HTTP 400
 * from PuppetDB) although RE2 accepts it, as found against PostgreSQL:
 *
 * - a `{` that starts no bound: `a{3` and `a{x}` are text in RE2, an error
 *   or text in PostgreSQL;
 * - a bound over 255, and a quantifier on an anchor (`^*`, `$+`);
 * - a `-` between a range and another character (`[a-z-0]`).
 *
 * PostgreSQL's `.` also matches a line break, where RE2's does not: that
 * selects more nodes, never fewer, and the host filters them.
 */
function portableRegex(source: string): boolean {
  if (!PORTABLE_CHARACTERS.test(source) || source.includes('(?') || /[\^$][*+?{]/.test(source)) return false
  const boundAt = /\{(\d+)(?:(,)(\d*))?\}/y
  for (const brace of source.matchAll(/\{/g)) {
    boundAt.lastIndex = brace.index
    const bound = boundAt.exec(source)
    if (bound === null) return false
    const low = Number(bound[1])
    const high = bound[2] === undefined ? low : bound[3] === '' ? low : Number(bound[3])
    if (low > POSTGRES_MAX_BOUND || high > POSTGRES_MAX_BOUND || high < low) return false
  }
  return true
}

function anyOf(conditions: Condition[]): Condition {
  return conditions.length === 1 ? conditions[0]! : ['or', ...conditions]
}
