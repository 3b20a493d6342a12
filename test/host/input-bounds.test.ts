// What the second bad-input probe found (issues 34 and 35): free text a process cannot
// receive, unbounded lists, durations a timer cannot hold, env names that are not names,
// parameters that are not JSON, timestamps too long to be one. Each is the caller's
// VALIDATION_ERROR naming the field, at execute() / the call, before an execution
// exists and before any plugin (or inventory) is asked.
import { inputLimits, localPlugin, type CapstanError, type FieldIssue } from 'capstan'
import { createTestCapstan } from 'capstan/testing'
import { describe, expect, it } from 'vitest'
import { rejection } from '@capstan/test-support/async'
import { everyCapabilityHost } from '../support/every-capability-host.js'

const host = everyCapabilityHost()

/** The VALIDATION_ERROR `invoke` gives for `input`; for an execution, thrown before an Execution exists. */
async function refused(id: string, input: Record<string, unknown>): Promise<CapstanError & { details: { issues: FieldIssue[] } }> {
  const error = await rejection(host.capstan.invokeUnchecked(id, input), 'VALIDATION_ERROR')
  expect(host.every.log.calls.map((c) => c.capability)).toEqual([])
  return error as CapstanError & { details: { issues: FieldIssue[] } }
}

const pathsOf = (error: { details: { issues: FieldIssue[] } }) => error.details.issues.map((i) => i.path)
const targets = 'web01.example.com'

describe('free text an execution passes to a process', () => {
  it.each([
    ['command.execute', { targets, command: 'echo a\u0000b' }, 'command'],
    ['script.execute', { targets, script: '/bin/true', args: ['ok', 'a\u0000b'] }, 'args[1]'],
    ['command.execute', { targets, command: 'env', env: { GREETING: 'a\u0000b' } }, 'env.GREETING'],
    ['task.execute', { targets, task: 'echo', env: { X: '\u0000' } }, 'env.X'],
  ])('%s refuses a NUL byte at %s before the execution exists', async (id, input, path) => {
    const error = await refused(id, input)
    expect(pathsOf(error)).toEqual([path])
    expect(error.details.issues[0]?.message).toBe('must not contain a NUL character (U+0000)')
  })

  it('keeps newlines, tabs and quotes in a command: they are text, not a mistake', () => {
    const parsed = host.capstan.capabilities().find((c) => c.id === 'command.execute')
    expect(parsed).toBeDefined()
    // The JSON Schema the CLI, OpenAPI and MCP see carries the same rule as a pattern.
    expect(parsed?.inputSchema).toMatchObject({ properties: { command: { maxLength: inputLimits.textLength, pattern: '^[^\\u0000]*$' } } })
  })

  it('bounds a command, an argument and the number of arguments and variables', async () => {
    expect(pathsOf(await refused('command.execute', { targets, command: 'x'.repeat(inputLimits.textLength + 1) }))).toEqual(['command'])
    expect(pathsOf(await refused('script.execute', { targets, script: '/bin/true', args: Array.from({ length: inputLimits.entries + 1 }, () => 'a') }))).toEqual(['args'])
    const env = Object.fromEntries(Array.from({ length: inputLimits.entries + 1 }, (_, i) => [`V${i}`, 'x']))
    expect(pathsOf(await refused('command.execute', { targets, command: 'env', env }))).toEqual(['env'])
  })
})

describe('environment variable names', () => {
  it.each(['PATH=/x', '1ABC', 'A-B', 'A B', ''])('refuses %j: not a name a shell can set', async (name) => {
    const error = await refused('command.execute', { targets, command: 'env', env: { [name]: 'y' } })
    expect(error.details.issues[0]?.path).toMatch(/^env/)
  })
})

describe('durations', () => {
  it.each([
    ['command.execute', { targets, command: 'true', timeoutMs: 2 ** 31 }, 'timeoutMs'],
    ['package.install', { targets, packages: ['curl'], timeoutMs: 2 ** 31 }, 'timeoutMs'],
    ['events.stream', { pollIntervalMs: 2 ** 31 }, 'pollIntervalMs'],
  ])('%s refuses %s beyond what a timer holds (it would fire at once)', async (id, input, path) => {
    const error = await (id === 'events.stream' ? streamRefusal(input) : refused(id, input))
    expect(pathsOf(error)).toEqual([path])
    expect(error.details.issues[0]?.message).toContain(`at most ${inputLimits.durationMs} ms`)
  })
})

async function streamRefusal(input: Record<string, unknown>): Promise<CapstanError & { details: { issues: FieldIssue[] } }> {
  const stream = host.capstan.events.stream(input as never)
  const error = await rejection(stream[Symbol.asyncIterator]().next(), 'VALIDATION_ERROR')
  return error as CapstanError & { details: { issues: FieldIssue[] } }
}

describe('lists that reach a backend', () => {
  it('bounds reports.query include (10,000 entries reached PuppetDB and burned its CPU)', async () => {
    const error = await refused('reports.query', { include: Array.from({ length: 10_000 }, () => 'logs') })
    expect(pathsOf(error)).toEqual(['include'])
  })

  it('bounds the packages of one call', async () => {
    const packages = Array.from({ length: inputLimits.entries + 1 }, (_, i) => `p${i}`)
    expect(pathsOf(await refused('package.install', { targets, packages }))).toEqual(['packages'])
  })
})

describe('one timestamp type', () => {
  const since = `2025-01-01T00:00:00.${'1'.repeat(10_000)}Z`
  it('refuses a timestamp with 10,000 fractional digits in reports.query, events.query and events.stream alike', async () => {
    expect(pathsOf(await refused('reports.query', { since }))).toEqual(['since'])
    expect(pathsOf(await refused('events.query', { since }))).toEqual(['since'])
    expect(pathsOf(await streamRefusal({ since }))).toEqual(['since'])
  })
})

describe('parameters passed on as JSON', () => {
  const cycle: Record<string, unknown> = {}
  cycle.self = cycle
  it.each([
    ['a BigInt', 10n],
    ['a cycle', cycle],
    ['a toJSON that throws', { toJSON: () => { throw new Error('secret-free failure') } }],
    ['a function', () => 1],
  ])('task.execute refuses %s as a parameter, naming it', async (_what, value) => {
    const error = await refused('task.execute', { targets, task: 'echo', params: { good: 1, bad: value } })
    expect(pathsOf(error)).toEqual(['params.bad'])
    expect(error.details.issues[0]?.message).toMatch(/^must be a JSON value \(/)
  })

  it('bounds task parameters, deployment parameters and a provisioning spec as JSON', async () => {
    const big = { blob: 'x'.repeat(inputLimits.jsonBytes) }
    expect(pathsOf(await refused('task.execute', { targets, task: 'echo', params: big }))).toEqual(['params'])
    expect(pathsOf(await refused('deploy.execute', { application: 'shop', version: '1.0', environment: 'prod', params: big }))).toEqual(['params'])
    expect(pathsOf(await refused('provision.create', { name: 'vm1', kind: 'vm', spec: big }))).toEqual(['spec'])
  })
})

describe('no fleet-wide action by accident', () => {
  const message = "a filter needs at least one criterion that is not empty (names, groups, sources or facts); to act on every node, say targets: 'all'"
  it.each([
    ['an empty filter', {}],
    ['a Date', new Date()],
    ['a RegExp', /x/],
    ['a filter whose only criterion is an empty list', { groups: [] }],
    ['a filter with no fact condition', { facts: {} }],
  ])('refuses %s as the targets of every action that takes targets', async (_what, value) => {
    for (const [id, rest] of [
      ['command.execute', { command: 'true' }],
      ['script.execute', { script: '/bin/true' }],
      ['task.execute', { task: 'echo' }],
      ['package.install', { packages: ['curl'] }],
      ['decommission.execute', {}],
    ] as const) {
      const error = await refused(id, { targets: value, ...rest })
      expect([id, error.details.issues]).toEqual([id, [{ path: 'targets', message }]])
    }
  })

  it("still runs everywhere when asked to: 'all', and inventory.filter, a query, keeps \"no criterion selects everything\"", async () => {
    await using capstan = await createTestCapstan({ plugins: [localPlugin()] })
    const all = (await capstan.inventory.list()).nodes.map((n) => n.id)
    expect(all.length).toBeGreaterThan(0)
    expect((await capstan.command.run({ targets: 'all', command: 'true' })).nodes.map((n) => n.node)).toEqual(all)
    expect((await capstan.inventory.filter({})).nodes.map((n) => n.id)).toEqual(all)
  })
})

describe('errors on union fields name the bound', () => {
  it.each([
    [Array.from({ length: inputLimits.listEntries + 1 }, (_, i) => `n${i}`), `must have at most ${inputLimits.listEntries} entries`],
    ['', 'must not be empty'],
    ['x'.repeat(inputLimits.nameLength + 1), `must be at most ${inputLimits.nameLength} characters`],
    [42, "expected a target: a node, group or glob name, 'all', a list of them, or a filter object"],
  ])('targets %#: says what is wrong, not "Invalid input"', async (targets, message) => {
    const error = await refused('command.execute', { targets, command: 'true' })
    expect(error.details.issues).toEqual([{ path: 'targets', message }])
  })
})

describe('a glob budget per call', () => {
  const glob = (i: number): string => `web${i}*`
  const message = `must have at most ${inputLimits.globs} globs and ${inputLimits.globCharacters} characters of globs (names with * ? [ or {); plain names are not counted`
  it('refuses more globs than the budget in targets and in a filter, before compiling any', async () => {
    const many = Array.from({ length: inputLimits.globs + 1 }, (_, i) => glob(i))
    expect((await refused('command.execute', { targets: many, command: 'true' })).details.issues).toEqual([{ path: 'targets', message }])
    expect((await refused('inventory.filter', { names: many })).details.issues).toEqual([{ path: 'names', message }])
    expect((await refused('command.execute', { targets: { names: many }, command: 'true' })).details.issues).toEqual([{ path: 'targets.names', message }])
  })

  it('refuses long globs beyond the character budget, even when there are few', async () => {
    const long = Array.from({ length: 17 }, (_, i) => `*${'x'.repeat(1_000)}${i}*`)
    expect((await refused('inventory.filter', { names: long })).details.issues).toEqual([{ path: 'names', message }])
  })

  it('does not count plain names: 10,000 of them and the budget of globs pass the schema', async () => {
    const plain = Array.from({ length: inputLimits.listEntries - inputLimits.globs }, (_, i) => `node${i}.example.com`)
    const globs = Array.from({ length: inputLimits.globs - 1 }, (_, i) => glob(i))
    await using capstan = await createTestCapstan({ plugins: [localPlugin()] })
    const { nodes } = await capstan.inventory.filter({ names: [...plain, ...globs, 'local*'] })
    expect(nodes.map((n) => n.id)).toEqual(['localhost'])
  })
})
