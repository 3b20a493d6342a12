import { type Capstan } from 'capstan'
import { createTestCapstan } from 'capstan/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rejection } from '@capstan/test-support/async'
import { alert, fakePlugin } from '../support/fake-plugin.js'
import { inventoryOf } from '../support/executions.js'
import { recordingRunner } from '../support/execution-plugin.js'

/** Options as an untyped caller (JavaScript, a JSON body) may pass them. */
const untyped = (options: Record<string, unknown>) => options as never

describe('invoke and execute options are checked', () => {
  let capstan: Capstan
  const alerts = fakePlugin('alerts', {
    integrationTypes: ['alerts'],
    capabilities: {
      'alert.list': async () => ({ alerts: [alert('a1')] }),
      'alert.subscribe': async function* () {
        yield alert('s1')
      },
    },
  })
  const { runner, calls } = recordingRunner()

  beforeAll(async () => {
    capstan = await createTestCapstan({ plugins: [alerts.plugin, inventoryOf('cmdb', [{ id: 'web01' }]), runner] })
  })
  afterAll(() => capstan.close())

  it('an unknown option of an execution is a VALIDATION_ERROR naming options.<key>, and nothing runs', () => {
    let thrown: unknown
    try {
      capstan.command.execute({ targets: 'web01', command: 'true' }, untyped({ retries: 2 }))
    } catch (error) {
      thrown = error
    }
    expect(thrown).toMatchObject({ code: 'VALIDATION_ERROR', details: { field: 'options.retries', issues: [{ path: 'options.retries', message: 'unknown field "retries"' }] } })
    expect(calls).toEqual([])
  })

  it('an unknown option of a query is a VALIDATION_ERROR naming it, before any plugin is called', async () => {
    const before = alerts.log.count()
    const error = await rejection(capstan.invoke('alert.list', {}, untyped({ rollout: 1, prority: 2 })), 'VALIDATION_ERROR')
    expect((error.details.issues as Array<{ path: string }>).map((i) => i.path).sort()).toEqual(['options.prority', 'options.rollout'])
    expect(error.message).toContain('options.rollout')
    expect(alerts.log.count()).toBe(before)
  })

  it.each([
    ['timeoutMs', { timeoutMs: -1 }],
    ['timeoutMs', { timeoutMs: 2 ** 31 }],
    ['timeoutMs', { timeoutMs: '100' }],
    ['signal', { signal: { aborted: false } }],
    ['killSignal', { killSignal: 'soon' }],
    ['plugin', { plugin: '' }],
    ['all', { all: 'yes' }],
    ['priority', { priority: Number.NaN }],
    ['principal', { principal: 'alice' }],
    ['principal.roles', { principal: { id: 'alice', roles: 'admin' } }],
  ])('a bad %s is a VALIDATION_ERROR naming options.%s', async (field, options) => {
    const error = await rejection(capstan.invoke('alert.list', {}, untyped(options)), 'VALIDATION_ERROR')
    expect(error.details.field).toBe(`options.${field}`)
  })

  it('a principal may carry more than id and roles', async () => {
    await expect(capstan.invoke('alert.list', {}, untyped({ principal: { id: 'alice', roles: [], email: 'a@example.com' } }))).resolves.toMatchObject({ alerts: [expect.objectContaining({ id: 'a1' })] })
  })

  it('refresh is a read option only: the inventory takes it, invoke and facts.refresh do not', async () => {
    await expect(capstan.inventory.list({}, { refresh: true })).resolves.toMatchObject({ partial: false })
    expect((await rejection(capstan.invoke('inventory.list', {}, untyped({ refresh: true })), 'VALIDATION_ERROR')).details.field).toBe('options.refresh')
    expect((await rejection(capstan.facts.refresh('web01', untyped({ refresh: true })), 'VALIDATION_ERROR')).details.field).toBe('options.refresh')
    expect((await rejection(capstan.inventory.list({}, untyped({ refresh: 'yes' })), 'VALIDATION_ERROR')).details.field).toBe('options.refresh')
  })

  // What an application compiled with exactOptionalPropertyTypes passes: every option present, each possibly undefined.
  const unset = { principal: undefined, signal: undefined, killSignal: undefined, plugin: undefined, all: undefined, timeoutMs: undefined, priority: undefined }

  it('an option given as undefined is as if left out: a query, a read with refresh, an execution and a stream', async () => {
    await expect(capstan.invoke('alert.list', {}, unset)).resolves.toMatchObject({ alerts: [expect.objectContaining({ id: 'a1' })] })
    await expect(capstan.alerts.list({ state: undefined }, unset)).resolves.toMatchObject({ alerts: [expect.objectContaining({ id: 'a1' })] })
    await expect(capstan.inventory.list({ refresh: undefined }, { ...unset, refresh: undefined })).resolves.toMatchObject({ partial: false, nodes: [expect.objectContaining({ id: 'web01' })] })
    await expect(capstan.inventory.filter({ names: ['web*'], groups: undefined, sources: undefined, facts: undefined }, { ...unset, refresh: undefined })).resolves.toMatchObject({ nodes: [expect.objectContaining({ id: 'web01' })] })
    calls.length = 0
    const result = await capstan.command.run({ targets: 'web01', command: 'true', env: undefined, cwd: undefined, runAs: undefined, timeoutMs: undefined }, unset)
    expect(result.status).toBe('success')
    expect(calls).toEqual(['web01'])
    await expect((await capstan.invoke('command.execute', { targets: 'web01', command: 'true', timeoutMs: undefined }, unset)).result).resolves.toMatchObject({ status: 'success' })
    const seen: string[] = []
    for await (const event of capstan.alerts.subscribe({ severity: undefined, node: undefined }, unset)) {
      seen.push(event.id)
      break
    }
    expect(seen).toEqual(['s1'])
  })

  it('an undefined option does not hide a bad one beside it', async () => {
    const error = await rejection(capstan.invoke('alert.list', {}, untyped({ ...unset, rollout: undefined })), 'VALIDATION_ERROR')
    expect(error.details.field).toBe('options.rollout')
  })

  it('records a refused option like any other invocation error', async () => {
    const codes: Array<string | undefined> = []
    capstan.on('invocation', (e) => codes.push(e.code))
    await rejection(capstan.invoke('alert.list', {}, untyped({ rollout: 1 })), 'VALIDATION_ERROR')
    expect(codes).toEqual(['VALIDATION_ERROR'])
  })
})
