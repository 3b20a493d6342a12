import { describe, expect, it } from 'vitest'
import { groupField, nodeFilterQuery } from '../../src/inventory/node-filter-query.js'
import { evaluateCondition } from '../support/evaluate-condition.js'

/** Every `[op, field, value]` clause of a condition, depth first. */
function clauses(condition: unknown): unknown[][] {
  if (!Array.isArray(condition)) return []
  if (condition[0] === 'and' || condition[0] === 'or') return condition.slice(1).flatMap(clauses)
  return [condition]
}

/** The regex the names condition puts on `certname` (the one clause on the certname itself). */
function certnameRegex(condition: unknown): string {
  const found = clauses(condition).filter((clause) => clause[0] === '~' && clause[1] === 'certname')
  expect(found).toHaveLength(1)
  return String(found[0]![2])
}

/** An inventory row with just a certname (no facts, so only the certname can match a name). */
const named = (certname: string) => ({ certname, environment: 'production', facts: {} })

describe('nodeFilterQuery: nothing to push down', () => {
  it('is undefined for an empty filter, empty lists and sources alone', () => {
    expect(nodeFilterQuery({}, ['environment'])).toBeUndefined()
    expect(nodeFilterQuery({ names: [], groups: [], facts: {} }, ['environment'])).toBeUndefined()
    expect(nodeFilterQuery({ sources: ['puppetdb'] }, ['environment'])).toBeUndefined()
  })

  it('leaves groups to the host when no groupBy path makes groups', () => {
    expect(nodeFilterQuery({ groups: ['web'] }, [])).toBeUndefined()
  })
})

describe('nodeFilterQuery: names', () => {
  it('matches a plain name as the certname or its short hostname, and nothing longer', () => {
    const condition = nodeFilterQuery({ names: ['web01'] }, [])
    expect(certnameRegex(condition)).toBe('^(web01)(\\..*)?$')
    const selects = (certname: string) => evaluateCondition(condition, named(certname))
    expect(selects('web01')).toBe(true)
    expect(selects('web01.example.com')).toBe(true)
    expect(selects('web011.example.com')).toBe(false)
    expect(selects('xweb01.example.com')).toBe(false)
    expect(selects('db01.web01.example.com')).toBe(false)
  })

  it('turns * and ? into one regex over all names, lower-cased like certnames', () => {
    const condition = nodeFilterQuery({ names: ['WEB*', 'db0?', '*.eu.example.com'] }, [])
    expect(certnameRegex(condition)).toBe('^(web.*|db0.|.*\\.eu\\.example\\.com)(\\..*)?$')
    const selects = (certname: string) => evaluateCondition(condition, named(certname))
    expect(selects('web17.us.example.com')).toBe(true)
    expect(selects('db07.example.com')).toBe(true)
    expect(selects('cache1.eu.example.com')).toBe(true)
    expect(selects('db107.example.com')).toBe(false)
    expect(selects('cache1.us.example.com')).toBe(false)
  })

  it('escapes regex metacharacters, so a name is text', () => {
    const condition = nodeFilterQuery({ names: ['a.b^c$d'] }, [])
    expect(certnameRegex(condition)).toBe('^(a\\.b\\^c\\$d)(\\..*)?$')
    expect(evaluateCondition(condition, named('a.b^c$d'))).toBe(true)
    // Unescaped, `.` would match any character and `^`/`$` would anchor.
    expect(evaluateCondition(condition, named('axb^c$d'))).toBe(false)
  })

  it.each([
    ['a class', 'web[0-9]'],
    ['braces', '{web,db}01'],
    ['negation', '!web01'],
    ['an extglob', '@(web01)'],
    ['a plus extglob', '+(web)'],
    ['an escape', 'web\\*'],
    ['a bar, which picomatch reads as an alternation after *', '*|db'],
    ['a slash, whose leading ./ picomatch drops', './web01'],
  ])('leaves names with %s to the host (all names then, not just that one)', (_, name) => {
    expect(nodeFilterQuery({ names: [name] }, [])).toBeUndefined()
    expect(nodeFilterQuery({ names: ['web01', name] }, [])).toBeUndefined()
    // The rest of the filter is still pushed down.
    expect(nodeFilterQuery({ names: [name], facts: { kernel: 'Linux' } }, [])).toEqual(['=', 'facts.kernel', 'Linux'])
  })
})

describe('nodeFilterQuery: groups', () => {
  it('reads environment as the environment and other paths as facts', () => {
    expect(groupField('environment')).toBe('environment')
    expect(groupField('trusted.extensions.pp_role')).toBe('facts.trusted.extensions.pp_role')
  })

  it('is an equality on one path for one group', () => {
    expect(nodeFilterQuery({ groups: ['production'] }, ['environment'])).toEqual(['=', 'environment', 'production'])
  })

  it('is any group on any groupBy path', () => {
    expect(nodeFilterQuery({ groups: ['web', 'db'] }, ['environment', 'trusted.extensions.pp_role'])).toEqual([
      'or',
      ['=', 'environment', 'web'],
      ['=', 'facts.trusted.extensions.pp_role', 'web'],
      ['=', 'environment', 'db'],
      ['=', 'facts.trusted.extensions.pp_role', 'db'],
    ])
  })

  it('finds a group named after a number or boolean fact, which PuppetDB stores as that value', () => {
    // deriveGroups names a group "7" for role 7 and "true" for role true; PuppetDB's = tells 7 from "7".
    const numeric = nodeFilterQuery({ groups: ['7'] }, ['role'])
    expect(clauses(numeric)).toEqual(expect.arrayContaining([['=', 'facts.role', '7'], ['=', 'facts.role', 7]]))
    expect(evaluateCondition(numeric, { certname: 'n', environment: 'production', facts: { role: 7 } })).toBe(true)
    const boolean = nodeFilterQuery({ groups: ['true'] }, ['role'])
    expect(clauses(boolean)).toEqual(expect.arrayContaining([['=', 'facts.role', 'true'], ['=', 'facts.role', true]]))
    expect(evaluateCondition(boolean, { certname: 'n', environment: 'production', facts: { role: true } })).toBe(true)
    // The environment is always a string in PuppetDB: no number there (PuppetDB would refuse the comparison).
    expect(nodeFilterQuery({ groups: ['7'] }, ['environment'])).toEqual(['=', 'environment', '7'])
  })
})

describe('nodeFilterQuery: facts', () => {
  it('is an equality for a string, on the fact under facts.', () => {
    expect(nodeFilterQuery({ facts: { 'os.family': 'Debian' } }, [])).toEqual(['=', 'facts.os.family', 'Debian'])
    expect(nodeFilterQuery({ facts: { 'trusted.extensions.pp_role': 'web' } }, [])).toEqual(['=', 'facts.trusted.extensions.pp_role', 'web'])
  })

  it('is an equality for a boolean, which only matches the boolean', () => {
    const condition = nodeFilterQuery({ facts: { is_virtual: true } }, [])
    expect(condition).toEqual(['=', 'facts.is_virtual', true])
    expect(evaluateCondition(condition, { certname: 'n', environment: 'e', facts: { is_virtual: 'true' } })).toBe(false)
  })

  it('pushes a numeric string as the string and as the number', () => {
    expect(nodeFilterQuery({ facts: { 'os.release.major': '11' } }, [])).toEqual(['or', ['=', 'facts.os.release.major', '11'], ['=', 'facts.os.release.major', 11]])
  })

  it('pushes a number as the number, its spelling, and the other spellings JavaScript reads as it', () => {
    const condition = nodeFilterQuery({ facts: { 'os.release.major': 11 } }, [])
    expect(clauses(condition)).toEqual(expect.arrayContaining([['=', 'facts.os.release.major', 11], ['=', 'facts.os.release.major', '11']]))
    const selects = (major: unknown) => evaluateCondition(condition, { certname: 'n', environment: 'e', facts: { os: { release: { major } } } })
    // The host takes each of these as 11 (Number(value) === 11), so PuppetDB must return them.
    for (const spelling of [11, '11', ' 11', '011', '11.0', '+11', '0xb', '1.1e1', '11\n']) expect(selects(spelling)).toBe(true)
    // And it still narrows: other plain numbers and words are left out.
    for (const other of ['12', 12, '8', 'Debian', 'eleven', '']) expect(selects(other)).toBe(false)
  })

  it('does not push a string that reads as an infinite number as a number (JSON would send null)', () => {
    expect(nodeFilterQuery({ facts: { 'os.family': 'Infinity' } }, [])).toEqual(['=', 'facts.os.family', 'Infinity'])
  })

  it('turns an in list into alternatives, with the numbers widened as for one value', () => {
    expect(nodeFilterQuery({ facts: { 'os.family': { in: ['Debian', 'RedHat'] } } }, [])).toEqual([
      'or',
      ['=', 'facts.os.family', 'Debian'],
      ['=', 'facts.os.family', 'RedHat'],
    ])
    const numbers = clauses(nodeFilterQuery({ facts: { 'os.release.major': { in: ['11', 12] } } }, []))
    expect(numbers).toEqual(expect.arrayContaining([['=', 'facts.os.release.major', '11'], ['=', 'facts.os.release.major', 11], ['=', 'facts.os.release.major', 12], ['=', 'facts.os.release.major', '12']]))
  })

  it.each(['^deb(ian)?$', 'Deb|Red', '^[a-z]+ server$', '^web-[0-9]{2}$', 'x.*y', 'a+b?c*', '^a{255}$', 'a{2,}b{1,3}?', '[-a-z.]x', '[a-z-]'])('pushes the portable regex %s as it is', (regex) => {
    expect(nodeFilterQuery({ facts: { 'os.family': { regex } } }, [])).toEqual(['~', 'facts.os.family', regex])
  })

  it.each([
    ['a lookahead', '^web(?=01)'],
    ['a lookbehind', '(?<=web)01'],
    ['an inline flag', '(?i)debian'],
    ['a non-capturing group', '(?:deb)ian'],
    ['a \\d escape', '^\\d+$'],
    ['a \\b escape', '\\bweb'],
    ['a backreference', '(a)\\1'],
    ['a negated class', '[^a]'],
    // RE2 accepts these (text or a bound up to 1,000); PostgreSQL refuses them, and PuppetDB answers HTTP 400.
    ['an unclosed bound', '^a{3'],
    ['a brace that is text', 'a{x}'],
    ['a bound over 255', '^a{256}$'],
    ['a reversed bound', 'a{3,2}'],
    ['a quantifier on an anchor', '^*web'],
    ['a dash after a range', '[a-z-0]'],
  ])('leaves a regex with %s to the host', (_, regex) => {
    expect(nodeFilterQuery({ facts: { 'os.family': { regex } } }, [])).toBeUndefined()
    expect(nodeFilterQuery({ facts: { 'os.family': { regex }, kernel: 'Linux' } }, [])).toEqual(['=', 'facts.kernel', 'Linux'])
  })
})

describe('nodeFilterQuery: combinations', () => {
  it('joins names, groups and each fact with and, in that order', () => {
    const condition = nodeFilterQuery(
      { names: ['web*'], groups: ['production'], sources: ['puppetdb'], facts: { 'os.family': 'Debian', kernel: { regex: '^Lin' } } },
      ['environment'],
    ) as readonly unknown[]
    expect(condition[0]).toBe('and')
    expect(condition).toHaveLength(5)
    expect(certnameRegex(condition[1])).toBe('^(web.*)(\\..*)?$')
    expect(condition.slice(2)).toEqual([['=', 'environment', 'production'], ['=', 'facts.os.family', 'Debian'], ['~', 'facts.kernel', '^Lin']])
  })

  it('selects a row only when every part holds', () => {
    const condition = nodeFilterQuery({ names: ['web*'], groups: ['production'], facts: { 'os.family': 'Debian' } }, ['environment'])
    const row = { certname: 'web01.example.com', environment: 'production', facts: { os: { family: 'Debian' } } }
    expect(evaluateCondition(condition, row)).toBe(true)
    expect(evaluateCondition(condition, { ...row, certname: 'db01.example.com' })).toBe(false)
    expect(evaluateCondition(condition, { ...row, environment: 'staging' })).toBe(false)
    expect(evaluateCondition(condition, { ...row, facts: { os: { family: 'RedHat' } } })).toBe(false)
  })
})
