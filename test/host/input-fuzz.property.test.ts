// The bad-input probes of issues 13, 34 and 35, kept as a fuzz suite: random hostile
// values in every field of every capability, and in the options, through the whole host.
// Whatever goes in, what comes out is a result or a CapstanError of a known code,
// small, that says the caller's mistakes are the caller's (VALIDATION_ERROR, before any
// plugin is asked), never a raw error, a crash, a hang or a polluted prototype.
import { capabilityCatalog, CapstanError, errorCodes, Execution, type CapabilityDescriptor } from 'capstan'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { within } from '@capstan/test-support/async'
import { everyCapabilityHost } from '../support/every-capability-host.js'
import { inputSchema, minimalInput } from '../support/input-samples.js'

const throwing = (): never => {
  throw new Error('trap')
}

/** Values callers have been seen to pass, and worse; made inside the property, so fast-check never reads a Proxy itself. */
const hostileValues: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    '',
    'a\u0000b',
    '\u001b[31m',
    'x'.repeat(200_000),
    '$(touch /tmp/capstan-fuzz)',
    '../../../../etc/shadow',
    '2025-01-01T00:00:00.' + '1'.repeat(10_000) + 'Z',
    'group:',
    '*a*a*a*a*a*a*a*a*a*a*a*a*a*b',
    '^(a+)+$',
    -1,
    0,
    2 ** 31,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    10n,
    null,
    true,
    [],
    {},
    new Date(),
    /x/,
    new Map([['a', 1]]),
    Symbol('s'),
    () => 1,
  ),
  fc.constant('hostile proxy'),
  fc.constant(undefined).map(() => Array.from({ length: 20_000 }, (_, i) => `n${i}*`)),
  fc.constant(undefined).map(() => Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`k${i}`, i]))),
  fc.constant(undefined).map(() => {
    const cycle: Record<string, unknown> = {}
    cycle.self = cycle
    return cycle
  }),
  fc.constant(undefined).map(() => JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}') as unknown),
  fc.constant(undefined).map(() => {
    let deep: unknown = 'bottom'
    for (let i = 0; i < 5_000; i++) deep = [deep]
    return deep
  }),
  fc.string(),
  fc.integer(),
)

/** A hostile value: one of the above, or a Proxy whose every trap throws, made fresh for each call. */
const hostile: fc.Arbitrary<() => unknown> = hostileValues.map((value) =>
  value === 'hostile proxy' ? () => new Proxy({}, { get: throwing, has: throwing, ownKeys: throwing, getPrototypeOf: throwing, getOwnPropertyDescriptor: throwing }) : () => value,
)

const host = everyCapabilityHost()
const descriptors = [...capabilityCatalog] as CapabilityDescriptor[]

/** What one call gave: a value, or the error it threw or rejected with. */
async function outcome(call: () => unknown): Promise<{ error?: unknown }> {
  try {
    const value = await within(Promise.resolve().then(call), 20_000, 'the call')
    if (value instanceof Execution) await within(value.result, 20_000, 'the execution')
    if (value !== null && typeof value === 'object' && Symbol.asyncIterator in value) {
      // A stream: its first item or its error is the answer; leave it after one.
      for await (const _ of value as AsyncIterable<unknown>) break
    }
    return {}
  } catch (error) {
    return { error }
  }
}

function expectCapstanError(error: unknown, what: string): void {
  expect(error, what).toBeInstanceOf(CapstanError)
  const known = error as CapstanError
  expect(errorCodes, what).toContain(known.code)
  expect(JSON.stringify(known).length, `${what}: ${known.message.slice(0, 200)}`).toBeLessThan(20_000)
}

describe('fuzzing every capability with hostile values', () => {
  it.each(descriptors.map((d) => [d.id, d] as const))('%s: a result or a small CapstanError, the caller blamed for its own input', async (id, descriptor) => {
    const fields = Object.keys(inputSchema(descriptor).properties ?? {})
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...fields, '__unknown__'), hostile, async (field, value) => {
        const before = host.every.log.count()
        const { error } = await outcome(() => host.capstan.invokeUnchecked(id, { ...minimalInput(descriptor), [field]: value() }))
        if (error !== undefined) {
          expectCapstanError(error, `${id}.${field}`)
          if ((error as CapstanError).code === 'VALIDATION_ERROR') expect(host.every.log.count(), `${id}.${field}: a plugin was asked`).toBe(before)
        }
        expect(Object.prototype).not.toHaveProperty('polluted')
      }),
      { numRuns: 25 },
    )
  }, 120_000)

  it('gives a small CapstanError for hostile options, for a query and an execution', async () => {
    const options = ['principal', 'signal', 'killSignal', 'plugin', 'all', 'timeoutMs', 'priority', '__unknown__']
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...options), hostile, fc.constantFrom('inventory.list', 'command.execute'), async (option, value, id) => {
        const input = id === 'command.execute' ? { targets: 'web01.example.com', command: 'true' } : {}
        const { error } = await outcome(() => host.capstan.invokeUnchecked(id, input, { [option]: value() }))
        if (error !== undefined) expectCapstanError(error, `${id} options.${option}`)
      }),
      { numRuns: 100 },
    )
  }, 120_000)
})
