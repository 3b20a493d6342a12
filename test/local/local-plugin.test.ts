import { copyFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { isCapstanError, localPlugin } from 'capstan'
import { createTestCapstan } from 'capstan/testing'
import { scratchDir } from '@capstan/test-support/scratch-dir'

const exampleInventory = fileURLToPath(new URL('../../examples/inventory.yaml', import.meta.url))

describe('localPlugin', () => {
  it('serves the example inventory plus localhost, linked and grouped', async () => {
    await using capstan = await createTestCapstan({ plugins: [localPlugin({ inventoryFile: exampleInventory })] })
    const { nodes, sources, partial } = await capstan.inventory.list()
    expect(partial).toBe(false)
    expect(sources).toEqual([expect.objectContaining({ plugin: 'local', ok: true, count: 4 })])
    expect(nodes.map((n) => n.id)).toEqual(['db01.example.com', 'localhost', 'web01.example.com', 'web02.example.com'])
    const db = await capstan.inventory.get('primary-db')
    expect(db.id).toBe('db01.example.com')
    expect(db.groups).toEqual(expect.arrayContaining(['db', 'production', 'monitored']))
    expect(db.uri).toBe('db01.example.com:2222')
    expect(db.sources).toEqual(['local'])
    const { groups } = await capstan.inventory.groups()
    expect(groups.find((g) => g.name === 'web')?.nodes.sort()).toEqual(['web01.example.com', 'web02.example.com'])
  })

  it('gathers facts for localhost and refuses other nodes with NOT_FOUND', async () => {
    await using capstan = await createTestCapstan({ plugins: [localPlugin({ inventoryFile: exampleInventory })] })
    const facts = await capstan.facts.get('localhost')
    expect(facts.source).toBe('local')
    expect(facts.node).toBe('localhost')
    expect(Date.parse(facts.gatheredAt)).not.toBeNaN()
    expect((facts.facts.processors as { count: number }).count).toBeGreaterThan(0)
    await expect(capstan.facts.get('web01.example.com')).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  it('rejects a mistyped option at wiring time, naming it', () => {
    let caught: unknown
    try {
      localPlugin({ inventoryFle: 'x.yaml' } as never)
    } catch (error) {
      caught = error
    }
    expect(isCapstanError(caught, 'CONFIG_ERROR')).toBe(true)
    expect((caught as Error).message).toContain('inventoryFle')
  })

  it('fails to initialise on a missing inventory file and says which file; the host keeps serving others', async () => {
    const missing = join(tmpdir(), 'capstan-no-such-inventory.yaml')
    await using capstan = await createTestCapstan({
      plugins: [localPlugin({ inventoryFile: missing }), localPlugin({ name: 'second', localhost: true })],
    })
    const health = await capstan.health()
    expect(health.status).toBe('degraded')
    expect(health.plugins.local).toMatchObject({ status: 'unhealthy', state: 'failed' })
    expect(health.plugins.local?.message).toContain(missing)
    const { nodes } = await capstan.inventory.list()
    expect(nodes.map((n) => n.id)).toEqual(['localhost'])
  })

  it('reports degraded health when the file breaks after start, and the line of the error', async () => {
    const dir = scratchDir('capstan-local-')
    const file = join(dir, 'inventory.yaml')
    await copyFile(exampleInventory, file)
    await using capstan = await createTestCapstan({ plugins: [localPlugin({ inventoryFile: file })] })
    expect((await capstan.health()).status).toBe('healthy')
    await writeFile(file, 'groups:\n  - name: web\n    targets: [a\n')
    const health = await capstan.health({ refresh: true })
    expect(health.plugins.local?.status).toBe('degraded')
    expect(health.plugins.local?.message).toMatch(/line \d+/)
    await expect(capstan.inventory.list({ refresh: true })).rejects.toMatchObject({ code: 'UNAVAILABLE' })
  })
})
