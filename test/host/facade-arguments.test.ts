import { CapstanError, type Capstan } from 'capstan'
import { createTestCapstan } from 'capstan/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rejection, sleep } from '@capstan/test-support/async'
import { alert, factsOf, fakePlugin } from '../support/fake-plugin.js'
import { inventoryOf } from '../support/executions.js'
import { recordingRunner } from '../support/execution-plugin.js'

/** Loose views of the facades, to make the calls a JavaScript caller (or a wrong cast) can make. */
type Loose = (...args: unknown[]) => unknown
const loose = (fn: unknown): Loose => fn as Loose

/** The synchronous throw of `call`, which must be a CapstanError. */
function thrownBy(call: () => unknown): CapstanError {
  try {
    call()
  } catch (error) {
    expect(error).toBeInstanceOf(CapstanError)
    return error as CapstanError
  }
  throw new Error('expected the call to throw')
}

describe('facade arguments: (input, options) everywhere', () => {
  let capstan: Capstan
  const slow = fakePlugin('slow', {
    integrationTypes: ['inventory', 'facts', 'alerts'],
    capabilities: {
      'inventory.list': async (_input, ctx) => {
        await sleep(150, ctx.signal)
        return { nodes: [{ id: 'n1' }] }
      },
      'info.facts': async (input) => factsOf(input.node, 'slow', { a: 1 }),
      'alert.list': async () => ({ alerts: [alert('a1')] }),
    },
  })
  const { runner, calls } = recordingRunner()

  beforeAll(async () => {
    capstan = await createTestCapstan({ plugins: [slow.plugin, inventoryOf('cmdb', [{ id: 'web01' }]), runner] })
  })
  afterAll(() => capstan.close())

  it('inventory.list takes its input first and honours the signal in the second argument', async () => {
    const controller = new AbortController()
    const pending = capstan.inventory.list({}, { signal: controller.signal, refresh: true })
    setTimeout(() => controller.abort(), 20)
    await rejection(pending, 'CANCELLED')
  })

  it('refuses options passed where the input goes, naming the field, instead of dropping them', async () => {
    const error = await rejection(loose(capstan.inventory.list)({ signal: AbortSignal.abort() }) as Promise<unknown>, 'VALIDATION_ERROR')
    expect(error.details).toMatchObject({ field: 'signal', capability: 'inventory.list' })
  })

  it('accepts refresh in the options of every inventory and facts read', async () => {
    const before = slow.log.count('inventory.list')
    await capstan.inventory.list()
    await capstan.inventory.list({}, { refresh: true })
    await capstan.inventory.groups(undefined, { refresh: true }).catch(() => undefined)
    expect(slow.log.count('inventory.list')).toBe(before + 2)
    const facts = slow.log.count('info.facts')
    await capstan.facts.get('n1')
    await capstan.facts.get('n1', { refresh: true })
    expect(slow.log.count('info.facts')).toBe(facts + 2)
  })

  it.each([
    ['inventory.list', (c: Capstan) => loose(c.inventory.list)({}, {}, {})],
    ['inventory.get', (c: Capstan) => loose(c.inventory.get)('n1', {}, {})],
    ['facts.get', (c: Capstan) => loose(c.facts.get)('n1', {}, {})],
    ['task.list', (c: Capstan) => loose(c.task.list)({}, {}, {})],
    ['alerts.list', (c: Capstan) => loose(c.alerts.list)({}, {}, {})],
    ['command.run', (c: Capstan) => loose(c.command.run)({ targets: 'web01', command: 'true' }, {}, {})],
    ['invoke', (c: Capstan) => loose(c.invoke.bind(c))('alert.list', {}, {}, {})],
    ['invokeUnchecked', (c: Capstan) => loose(c.invokeUnchecked.bind(c))('alert.list', {}, {}, {})],
    ['executions.list', (c: Capstan) => loose(c.executions.list)({}, {})],
  ])('%s rejects a third argument with VALIDATION_ERROR naming it', async (_name, call) => {
    const error = await rejection(call(capstan) as Promise<unknown>, 'VALIDATION_ERROR')
    expect(error.details.field).toMatch(/^arguments\[\d\]$/)
    expect(error.details.issues).toEqual([expect.objectContaining({ path: error.details.field })])
  })

  it('throws at once for an execution, and runs nothing', () => {
    const error = thrownBy(() => loose(capstan.command.execute)({ targets: 'web01', command: 'true' }, {}, { signal: AbortSignal.abort() }))
    expect(error.code).toBe('VALIDATION_ERROR')
    expect(error.details.field).toBe('arguments[2]')
    expect(calls).toEqual([])
  })

  it('ends a stream facade with the error at its first next()', async () => {
    const stream = loose(capstan.alerts.subscribe)({}, {}, {}) as AsyncIterable<unknown>
    await rejection(stream[Symbol.asyncIterator]().next(), 'VALIDATION_ERROR')
  })

  it('refuses the wrong arity on executions.get and queue.setConcurrency as well', () => {
    expect(thrownBy(() => loose(capstan.executions.get)('id', 'extra')).details.field).toBe('arguments[1]')
    expect(thrownBy(() => loose(capstan.queue.setConcurrency)(2, 3)).details.field).toBe('arguments[1]')
    expect(thrownBy(() => loose(capstan.queue.stats)(1)).details.field).toBe('arguments[0]')
  })

  it('refuses something other than an options object in the options position', async () => {
    const error = await rejection(loose(capstan.alerts.list)({}, 'signal') as Promise<unknown>, 'VALIDATION_ERROR')
    expect(error.details.field).toBe('options')
    const read = await rejection(loose(capstan.inventory.list)({}, 5) as Promise<unknown>, 'VALIDATION_ERROR')
    expect(read.details.field).toBe('options')
  })
})
