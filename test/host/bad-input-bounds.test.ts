import { capabilityCatalog, type CapabilityDescriptor, CapstanError, type FieldIssue, inputLimits } from 'capstan'
import { describe, expect, it } from 'vitest'
import { rejection } from '@capstan/test-support/async'
import { everyCapabilityHost } from '../support/every-capability-host.js'
import { filterInChild } from '../support/filter-in-child.js'
import { inputSchema, minimalInput } from '../support/input-samples.js'

// Input that is bad in size or content rather than type: control characters in
// names, lists and filters beyond their bounds, input that throws when read,
// patterns that would make a backtracking engine run for hours.
// Each is the caller's VALIDATION_ERROR, found before any plugin runs, and the
// error stays small however large the input was.

/** String fields that are free text, where a newline or tab is meaningful. */
const FREE_TEXT = new Set(['command.execute command', 'alert.acknowledge comment', 'alert.resolve comment', 'journal.add message'])

const descriptors = [...capabilityCatalog] as CapabilityDescriptor[]
const nameFields = descriptors.flatMap((d) =>
  Object.entries(inputSchema(d).properties ?? {})
    // Enums and timestamps refuse U+0000 already; these are the names.
    .filter(([field, schema]) => schema.type === 'string' && schema.enum === undefined && (schema as { format?: string }).format === undefined && !FREE_TEXT.has(`${d.id} ${field}`))
    // A field whose pattern lists the characters it takes (a journal kind) says them in its message.
    .map(([field, schema]) => ({ id: d.id, d, field, patterned: (schema as { pattern?: string }).pattern?.startsWith('^[a-z]') === true })),
)

const host = everyCapabilityHost()

async function invalid(id: string, input: unknown): Promise<CapstanError & { details: { issues: FieldIssue[]; issuesOmitted?: number } }> {
  host.every.log.calls.length = 0
  const error = await rejection(host.capstan.invokeUnchecked(id, input), 'VALIDATION_ERROR')
  expect(host.every.log.calls.map((c) => c.capability)).toEqual([])
  return error as CapstanError & { details: { issues: FieldIssue[]; issuesOmitted?: number } }
}

const size = (error: CapstanError): number => JSON.stringify(error.toJSON()).length + (error.stack?.length ?? 0)

describe('names with control characters', () => {
  it('covers the name fields of many capabilities', () => {
    expect(nameFields.length).toBeGreaterThan(15)
    expect(nameFields.map((f) => `${f.id} ${f.field}`)).toEqual(expect.arrayContaining(['info.facts node', 'reports.list node', 'inventory.get node', 'task.execute task']))
  })

  it.each(nameFields.map((f) => [f.id, f.field, f] as const))('%s: U+0000 in %s is a VALIDATION_ERROR naming the field', async (id, field, { d, patterned }) => {
    const error = await invalid(id, { ...minimalInput(d), [field]: 'a\u0000b' })
    expect(error.details.issues).toEqual([{ path: field, message: patterned ? expect.stringMatching(/lowercase letters/) : expect.stringMatching(/control characters/) }])
  })

  it('applies to every target form: a name, a list entry, a filter', async () => {
    for (const targets of ['web\u001b[0m', ['web01', 'db\u0007'], { groups: ['web\n'] }, { facts: { 'os\u0000family': 'Debian' } }]) {
      const error = await invalid('command.execute', { targets, command: 'true' })
      expect(error.details.issues[0]?.path).toMatch(/^targets/)
    }
  })

  it('leaves free text alone: a command may hold a newline', async () => {
    await host.capstan.invokeUnchecked('command.execute', { targets: 'all', command: 'echo a\necho b' }).catch((error: unknown) => {
      expect((error as CapstanError).code).not.toBe('VALIDATION_ERROR')
    })
  })
})

describe('bounds on lists, filters and names', () => {
  it('a filter of 100,000 groups is refused at the bound, in a short error', async () => {
    const error = await invalid('inventory.filter', { groups: Array.from({ length: 100_000 }, (_, i) => `g${i}`) })
    expect(error.details.issues).toEqual([{ path: 'groups', message: `must have at most ${inputLimits.listEntries} entries` }])
    expect(size(error)).toBeLessThan(4_000)
  })

  it('a filter at the bound passes validation and reaches the plugin', async () => {
    host.every.log.calls.length = 0
    const groups = Array.from({ length: inputLimits.listEntries }, (_, i) => `g${i}`)
    const outcome = await host.capstan.inventory.filter({ groups }).catch((error: unknown) => error as CapstanError)
    if (outcome instanceof CapstanError) expect(outcome.code).not.toBe('VALIDATION_ERROR')
    expect(host.every.log.calls.map((c) => c.capability)).toContain('inventory.filter')
  })

  it('bounds fact conditions, in-lists and values, naming the inner field', async () => {
    const facts = Object.fromEntries(Array.from({ length: inputLimits.factConditions + 1 }, (_, i) => [`f${i}`, 'x']))
    expect((await invalid('inventory.filter', { facts })).details.issues[0]).toMatchObject({ path: 'facts', message: /at most 100 fact conditions/ })
    const inList = { facts: { 'os.family': { in: Array.from({ length: inputLimits.inValues + 1 }, (_, i) => i) } } }
    expect((await invalid('inventory.filter', inList)).details.issues).toEqual([{ path: 'facts["os.family"].in', message: 'must have at most 1000 values' }])
    const long = { facts: { kernel: { regex: 'a'.repeat(inputLimits.valueLength + 1) } } }
    expect((await invalid('inventory.filter', long)).details.issues[0]?.path).toBe('facts.kernel.regex')
  })

  it('a 1 MB node name is refused without being echoed', async () => {
    const error = await invalid('info.facts', { node: 'x'.repeat(1_000_000) })
    expect(error.details.issues).toEqual([{ path: 'node', message: `must be at most ${inputLimits.nameLength} characters` }])
    expect(size(error)).toBeLessThan(4_000)
  })

  it('100,000 unknown keys give 20 issues and a count of the rest, not a 12 MB error', async () => {
    const input = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, 1]))
    const error = await invalid('inventory.list', input)
    expect(error.details.issues).toHaveLength(20)
    expect(error.details.issues[0]).toEqual({ path: 'k0', message: 'unknown field "k0"' })
    expect(error.details.issuesOmitted).toBe(99_980)
    expect(error.message).toMatch(/; and 99980 more$/)
    expect(size(error)).toBeLessThan(8_000)
  })

  it('an unknown key a megabyte long is quoted cut, with the count of the rest', async () => {
    const key = 'k'.repeat(1_000_000)
    const error = await invalid('inventory.list', { [key]: 1 })
    expect(error.details.issues[0]?.message).toBe(`unknown field "${'k'.repeat(100)}"… (999900 more characters)`)
    expect(size(error)).toBeLessThan(4_000)
  })

  it('a list of unmatched targets is listed up to 20, with the count of the rest', async () => {
    const targets = Array.from({ length: 50 }, (_, i) => `nosuch${i}`)
    const error = await rejection(host.capstan.command.execute({ targets, command: 'true' }).result, 'NOT_FOUND')
    expect(error.message).toMatch(/nosuch19 and 30 more$/)
    expect(error.details).toMatchObject({ unmatchedOmitted: 30 })
    expect((error.details['unmatched'] as string[]).length).toBe(20)
  })
})

describe('patterns a backtracking engine never finishes', () => {
  const nodes = [
    { id: 'web01', facts: { motd: `${'a'.repeat(40)}!` } },
    { id: 'web02', facts: { motd: 'a'.repeat(40) } },
    { id: `${'a'.repeat(60)}`, facts: {} },
  ]

  // Through a whole host, in a child process killed at a generous bound: on the event loop of a
  // RegExp or picomatch matcher these never returned, and the bound turns that into a failure.
  it('inventory.filter with the regex ^(a+)+$ over a fact of a few dozen characters returns the nodes it matches', async () => {
    expect(await filterInChild('host', nodes, { facts: { motd: { regex: '^(a+)+$' } } })).toEqual({ ids: ['web02'] })
  }, 60_000)

  it('inventory.filter with a name glob of many stars returns', async () => {
    expect(await filterInChild('host', nodes, { names: ['*a*a*a*a*a*a*a*a*a*a*a*a*b', 'web0?'] })).toEqual({ ids: ['web01', 'web02'] })
  }, 60_000)

  it.each([
    ['(a)\\1', 'backreferences such as \\1 are not supported (RE2 syntax)'],
    ['^web(?=01)', 'lookahead (?=…) is not supported (RE2 syntax)'],
    ['(?<!web)01', 'lookbehind (?<!…) is not supported (RE2 syntax)'],
    ['[a-z]{500}[0-9]{600}', 'too complex: compiles to 1102 RE2 instructions, at most 1000 (a counted repeat such as x{100} counts every copy)'],
    ['(', 'invalid regular expression (RE2 syntax): missing closing ) in `(`'],
  ])('the regex %s is a VALIDATION_ERROR naming the field, before any plugin runs', async (regex, message) => {
    const error = await invalid('inventory.filter', { facts: { motd: { regex } } })
    expect(error.details.issues).toEqual([{ path: 'facts.motd.regex', message }])
  })

  it('so is one in a target filter', async () => {
    const error = await invalid('command.execute', { targets: { facts: { motd: { regex: '(a)\\1' } } }, command: 'true' })
    expect(error.details.issues).toEqual([{ path: 'targets.facts.motd.regex', message: 'backreferences such as \\1 are not supported (RE2 syntax)' }])
  })
})

describe('input that throws when it is read', () => {
  it('is the caller\'s VALIDATION_ERROR naming the field, with the thrown error as cause', async () => {
    const thrown = new Error('getter exploded')
    const input = { get node(): string { throw thrown } }
    const error = await invalid('info.facts', input)
    expect(error.details.issues).toEqual([{ path: 'node', message: 'could not be read: getter exploded' }])
    expect(error.cause).toBe(thrown)
  })

  it('finds a nested field, and a throwing Proxy', async () => {
    const facts = { get 'os.family'(): string { throw new Error('nested') } }
    expect((await invalid('inventory.filter', { facts })).details.issues[0]?.path).toBe('facts["os.family"]')
    const trap = new Proxy({}, { ownKeys: () => { throw new Error('trap') }, get: () => { throw new Error('trap') } })
    expect((await invalid('inventory.list', trap)).details.issues[0]?.message).toMatch(/could not be read: trap/)
  })

  it('in options too', async () => {
    const options = { get signal(): AbortSignal { throw new Error('no signal') } }
    const error = await rejection(host.capstan.inventory.list({}, options as never), 'VALIDATION_ERROR')
    expect(error.details.issues).toEqual([{ path: 'options.signal', message: 'could not be read: no signal' }])
  })
})
