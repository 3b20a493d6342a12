import { sshConfigError } from './ssh-config-error.js'
import { matchesPatternList } from './ssh-patterns.js'

/** One criterion of a `Match` line, `!` read off into `negated`. */
export interface MatchCriterion {
  /** In lower case: `host`, `originalhost`, `user`, `localuser`, `all`, `canonical`, `final`, or one that is not evaluated (`exec`...). */
  name: string
  negated: boolean
  /** The pattern list or command; absent for `all`, `canonical` and `final`. */
  argument?: string | undefined
}

/** What a `Match` line is compared with, at the point of the file where it stands. */
export interface MatchContext {
  /** The name being connected to: HostName so far with `%h` expanded, else the alias. */
  host: string
  /** The alias as given. */
  originalHost: string
  /** The remote user so far. */
  user: string
  /** The local user. */
  localUser: string
  /** True in the second pass that `Match final` asks for; `canonical` and `final` match only there. */
  finalPass: boolean
}

const WITHOUT_ARGUMENT = new Set(['all', 'canonical', 'final'])
const EVALUATED = new Set(['host', 'originalhost', 'user', 'localuser'])
/** Criteria that run a command or depend on this machine (some only in newer OpenSSH): never evaluated, so their block never applies. */
export const UNEVALUATED_CRITERIA = new Set(['exec', 'localnetwork', 'tagged', 'version', 'sessiontype', 'command'])

/**
 * The criteria of a `Match` line, checked the way OpenSSH checks them when
 * it reads the file (every Match line, whether it applies or not).
 *
 * @throws CapstanError CONFIG_ERROR naming the file and line: a criterion
 * OpenSSH does not know, one without its argument, or `all` combined with
 * others.
 */
export function parseMatchCriteria(args: readonly string[], file: string, line: number): MatchCriterion[] {
  const criteria: MatchCriterion[] = []
  for (let index = 0; index < args.length; index++) {
    const written = args[index]!
    const negated = written.startsWith('!')
    const name = (negated ? written.slice(1) : written).toLowerCase()
    if (name === 'all') {
      // OpenSSH's own rule: `all` may follow at most one criterion and must end the line.
      if (criteria.length > 1 || index < args.length - 1) {
        throw sshConfigError(file, `line ${line}: Match ${written} cannot be combined with other criteria`, { line, field: 'Match' })
      }
      criteria.push({ name, negated })
    } else if (WITHOUT_ARGUMENT.has(name)) {
      criteria.push({ name, negated })
    } else if (EVALUATED.has(name) || UNEVALUATED_CRITERIA.has(name)) {
      const argument = args[index + 1]
      if (argument === undefined) throw sshConfigError(file, `line ${line}: Match ${written} has no argument`, { line, field: 'Match' })
      criteria.push({ name, negated, argument })
      index++
    } else {
      throw sshConfigError(file, `line ${line}: Match criterion ${JSON.stringify(written)} is not one OpenSSH knows`, { line, field: 'Match', value: written })
    }
  }
  return criteria
}

/**
 * True when every criterion holds in `context`. A line with a criterion
 * that is not evaluated (`exec`) never applies, negated or not.
 */
export function matchApplies(criteria: readonly MatchCriterion[], context: MatchContext): boolean {
  return criteria.every((criterion) => {
    if (UNEVALUATED_CRITERIA.has(criterion.name)) return false
    return criterionHolds(criterion, context) !== criterion.negated
  })
}

/** True when the line asks for the second pass: `final` without `!`, whether the rest of the line matches or not. */
export function requestsFinalPass(criteria: readonly MatchCriterion[]): boolean {
  return criteria.some((criterion) => criterion.name === 'final' && !criterion.negated)
}

function criterionHolds({ name, argument = '' }: MatchCriterion, context: MatchContext): boolean {
  const patterns = argument.split(',')
  switch (name) {
    case 'all':
      return true
    case 'canonical':
    case 'final':
      // No canonicalisation is done, so only the pass that `Match final` asks for is "canonical".
      return context.finalPass
    case 'host':
      return matchesPatternList(context.host, patterns, { ignoreCase: true })
    case 'originalhost':
      return matchesPatternList(context.originalHost, patterns, { ignoreCase: true })
    case 'user':
      return matchesPatternList(context.user, patterns)
    case 'localuser':
      return matchesPatternList(context.localUser, patterns)
    default:
      return false
  }
}
