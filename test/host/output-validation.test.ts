import type { SourceNode } from 'capstan'
import { createCapstan } from 'capstan'
import { createTestCapstan } from 'capstan/testing'
import { describe, expect, it } from 'vitest'
import { rejection } from '@capstan/test-support/async'
import { alert, fakePlugin } from '../support/fake-plugin.js'
import { cmdbSource } from '../support/two-sources.js'

/** A source that returns `{ nodes: [{ id: 42 }] }`, which the type system would reject. */
const badSource = () => fakePlugin('bad', { nodes: [{ id: 42 } as unknown as SourceNode] })

describe('provider output is checked against the capability schema', () => {
  it('reports invalid inventory output as PLUGIN_ERROR naming the plugin and the path', async () => {
    await using capstan = await createTestCapstan({ plugins: [badSource().plugin, cmdbSource().plugin] })
    const result = await capstan.inventory.list()
    expect(result.partial).toBe(true)
    const bad = result.sources.find((s) => s.plugin === 'bad')
    expect(bad?.ok).toBe(false)
    expect(bad?.error?.code).toBe('PLUGIN_ERROR')
    expect(bad?.error?.message).toContain('bad')
    expect(bad?.error?.message).toContain('nodes[0].id')
    expect(result.nodes.every((n) => typeof n.id === 'string')).toBe(true)
  })

  it('stays on in a test host given validateOutput: undefined (an unset option is the default, not off)', async () => {
    await using capstan = await createTestCapstan({ plugins: [badSource().plugin], validateOutput: undefined })
    await rejection(capstan.inventory.list(), 'UNAVAILABLE')
  })

  it('is UNAVAILABLE carrying that PLUGIN_ERROR when the invalid source is the only one', async () => {
    await using capstan = await createTestCapstan({ plugins: [badSource().plugin] })
    const error = await rejection(capstan.inventory.list(), 'UNAVAILABLE')
    expect(error.message).toContain('nodes[0].id')
    expect(error.details.sources).toEqual([expect.objectContaining({ plugin: 'bad', error: expect.objectContaining({ code: 'PLUGIN_ERROR' }) })])
  })

  it('rejects an invalid answer of a prioritised capability with PLUGIN_ERROR', async () => {
    const sloppy = fakePlugin('sloppy', {
      integrationTypes: ['alerts'],
      capabilities: { 'alert.get': async () => ({ alert: { ...alert('a1'), severity: 'apocalyptic' } }) as never },
    })
    await using capstan = await createTestCapstan({ plugins: [sloppy.plugin] })
    const error = await rejection(capstan.alerts.get({ id: 'a1' }), 'PLUGIN_ERROR')
    expect(error.details).toMatchObject({ plugin: 'sloppy', capability: 'alert.get' })
    expect(error.message).toContain('alert.severity')
  })

  it('checks each streamed item', async () => {
    const sloppy = fakePlugin('sloppy', {
      integrationTypes: ['alerts'],
      capabilities: {
        'alert.subscribe': async function* () {
          yield alert('good')
          yield { id: 'bad' } as never
        },
      },
    })
    await using capstan = await createTestCapstan({ plugins: [sloppy.plugin] })
    const seen: string[] = []
    const error = await rejection(
      (async () => {
        for await (const item of capstan.alerts.subscribe({})) seen.push(item.id)
      })(),
      'PLUGIN_ERROR',
    )
    expect(seen).toEqual(['good'])
    expect(error.message).toContain('sloppy')
  })

  it('is off by default outside tests: the output passes through unchecked', async () => {
    await using capstan = await createCapstan({ plugins: [fakePlugin('sloppy', { integrationTypes: ['alerts'], capabilities: { 'alert.get': async () => ({ alert: { id: 'x' } }) as never } }).plugin] })
    expect((await capstan.alerts.get({ id: 'x' })).alert.id).toBe('x')
  })
})
