import { describe, expect, it, vi } from 'vitest'
import type { NodeFacts } from '../../src/capabilities/models/facts.js'
import type { Node } from '../../src/capabilities/models/node.js'
import { FactsCache } from '../../src/facts/facts-cache.js'

const facts = (node: string, source: string): NodeFacts => ({ node, source, gatheredAt: '2025-01-01T00:00:00Z', facts: { os: { family: 'Debian' } } })

describe('FactsCache', () => {
  it('keys by node (case-insensitively) and provider, `*` when none is named', async () => {
    const cache = new FactsCache({ ttlMs: 60_000, max: 100 })
    const load = vi.fn(async () => facts('web01', 'puppetdb'))
    await cache.getFacts('web01', undefined, load)
    await cache.getFacts('WEB01', undefined, load)
    await cache.getFacts('web01', 'puppetdb', load)
    expect(load).toHaveBeenCalledTimes(2)
    expect(FactsCache.key('Web01.', undefined)).toBe(FactsCache.key('web01', '*'))
  })

  it('invalidates a node under every provider and every name it has', async () => {
    const cache = new FactsCache({ ttlMs: 60_000, max: 100 })
    const node: Node = { id: 'web01.example.com', name: 'web01.example.com', aliases: ['web01', '10.0.0.5'], groups: [], sources: [], sourceData: {} }
    const load = async () => facts('x', 'y')
    await cache.getFacts('web01.example.com', undefined, load)
    await cache.getFacts('web01', 'puppetdb', load)
    await cache.getFacts('10.0.0.5', 'ssh', load)
    await cache.getFacts('db01', undefined, load)
    expect(cache.invalidateNode(node)).toBe(3)
    expect(cache.stats().size).toBe(1)
    expect(cache.invalidateNode('DB01')).toBe(1)
  })

  it('keeps a gather that was in flight during invalidation out of the cache', async () => {
    const cache = new FactsCache({ ttlMs: 60_000, max: 100 })
    let finish!: (value: NodeFacts) => void
    const pending = cache.getFacts('web01', undefined, () => new Promise<NodeFacts>((resolve) => (finish = resolve)))
    expect(cache.invalidateNode('web01')).toBe(1)
    finish(facts('web01', 'old'))
    expect((await pending).source).toBe('old')
    expect((await cache.getFacts('web01', undefined, async () => facts('web01', 'new'))).source).toBe('new')
  })
})
