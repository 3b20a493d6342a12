import { describe, expect, it } from 'vitest'
import { assignProviders, DEFAULT_TRANSPORT } from '../../src/registry/assign-providers.js'
import { entry, linkedNode } from '../support/registry-entries.js'

const shares = (result: ReturnType<typeof assignProviders>) => Object.fromEntries(result.groups.map((g) => [g.entry.plugin, g.nodes.map((n) => n.id)]))

describe('assignProviders', () => {
  const bolt = entry('bolt', undefined, { transports: ['ssh', 'winrm'] })
  const ssh = entry('ssh', undefined, { transports: ['ssh'], priority: 10 })
  const anything = entry('anything')
  const sorted = [ssh, bolt]

  it('prefers a source of the node that runs its transport over a higher-priority provider', () => {
    const result = assignProviders([linkedNode('web01', { bolt: 'web01' })], sorted)
    expect(shares(result)).toEqual({ bolt: ['web01'] })
  })

  it('skips a source that cannot run the node\'s transport, falling back to the first provider that can', () => {
    const result = assignProviders([linkedNode('win01', { ssh: 'win01' }, { transport: 'winrm' })], sorted)
    expect(shares(result)).toEqual({ bolt: ['win01'] })
  })

  it('assumes ssh for a node without a transport', () => {
    expect(DEFAULT_TRANSPORT).toBe('ssh')
    expect(shares(assignProviders([linkedNode('db01')], sorted))).toEqual({ ssh: ['db01'] })
  })

  it('lets a provider without declared transports run any node', () => {
    const result = assignProviders([linkedNode('mac01', {}, { transport: 'local' })], [ssh, anything])
    expect(shares(result)).toEqual({ anything: ['mac01'] })
  })

  it('leaves a node no provider can run unassigned', () => {
    const result = assignProviders([linkedNode('z01', {}, { transport: 'docker' }), linkedNode('db01')], sorted)
    expect(result.unassigned.map((n) => n.id)).toEqual(['z01'])
    expect(shares(result)).toEqual({ ssh: ['db01'] })
  })

  it('groups nodes per provider, keeping node order', () => {
    const nodes = [linkedNode('a'), linkedNode('b', { bolt: 'b' }), linkedNode('c')]
    expect(shares(assignProviders(nodes, sorted))).toEqual({ ssh: ['a', 'c'], bolt: ['b'] })
  })

  it('sends every node to the named plugin, whatever its transport, and none when it is not a provider', () => {
    const nodes = [linkedNode('a', { bolt: 'a' }), linkedNode('w', {}, { transport: 'winrm' })]
    expect(shares(assignProviders(nodes, sorted, 'ssh'))).toEqual({ ssh: ['a', 'w'] })
    const none = assignProviders(nodes, sorted, 'missing')
    expect(none.groups).toEqual([])
    expect(none.unassigned).toHaveLength(2)
  })
})
