import { capabilityCatalog, CapstanError, type CapabilityDescriptor } from 'capstan'
import { describe, expect, it } from 'vitest'
import { countItems } from '../../src/registry/merge/merge-aggregate.js'
import { mergeTargeted } from '../../src/registry/merge/merge-targeted.js'
import { nodeFailure } from '../../src/registry/node-failure.js'

const descriptor = (id: string) => capabilityCatalog.find((d) => d.id === id) as CapabilityDescriptor
const failure = new CapstanError('NO_PROVIDER', { message: 'nobody runs winrm', details: { node: 'w1' } })

describe('nodeFailure', () => {
  it.each(['package.list', 'package.search'])('builds a per-node error entry for %s', (id) => {
    const entry = nodeFailure(descriptor(id), 'w1', failure)
    const item = (descriptor(id).output as unknown as { shape: { nodes: { element: { safeParse: (v: unknown) => { success: boolean } } } } }).shape.nodes.element
    expect(item.safeParse(entry).success).toBe(true)
    expect(entry).toEqual({ node: 'w1', packages: [], error: { code: 'NO_PROVIDER', message: 'nobody runs winrm' } })
  })

  it('returns undefined when the output has no per-node list', () => {
    expect(nodeFailure(descriptor('decommission.execute'), 'w1', failure)).toBeUndefined()
    expect(nodeFailure(descriptor('deploy.execute'), 'w1', failure)).toBeUndefined()
  })

  // Executions never come here: the execution engine gives such a node an `error` NodeResult itself.
  it.each(['command.execute', 'task.execute', 'script.execute', 'package.install'])('builds no entry for the execution capability %s', (id) => {
    expect(nodeFailure(descriptor(id), 'w1', failure)).toBeUndefined()
  })
})

describe('mergeTargeted', () => {
  it('returns a single provider\'s output as it is', () => {
    const only = { nodes: [{ node: 'n1', packages: [] }] }
    expect(mergeTargeted([{ plugin: 'a', output: only }], [])).toBe(only)
  })

  it('concatenates per-node lists in provider order and appends failures', () => {
    const a = { nodes: [{ node: 'n1', packages: [] }] }
    const b = { nodes: [{ node: 'n2', packages: [] }] }
    const merged = mergeTargeted([{ plugin: 'a', output: a }, { plugin: 'b', output: b }], [{ node: 'w1', packages: [], error: { code: 'NO_PROVIDER', message: 'x' } }])
    expect((merged as { nodes: Array<{ node: string }> }).nodes.map((n) => n.node)).toEqual(['n1', 'n2', 'w1'])
  })

  it('adds failures to a single provider\'s output without changing that output', () => {
    const only = { nodes: [{ node: 'n1', packages: [] }] }
    const merged = mergeTargeted([{ plugin: 'a', output: only }], [{ node: 'w1', packages: [], error: { code: 'NO_PROVIDER', message: 'x' } }])
    expect(merged).toEqual({ nodes: [{ node: 'n1', packages: [] }, { node: 'w1', packages: [], error: { code: 'NO_PROVIDER', message: 'x' } }] })
    expect(only.nodes).toHaveLength(1)
  })

  it('builds a nodes list from failures alone', () => {
    const entry = nodeFailure(descriptor('package.list'), 'w1', failure)
    expect(mergeTargeted([], [entry])).toEqual({ nodes: [{ node: 'w1', packages: [], error: { code: 'NO_PROVIDER', message: 'nobody runs winrm' } }] })
  })
})

describe('countItems', () => {
  it('counts the first list, a single item as 1, and nothing as 0', () => {
    expect(countItems({ nodes: [1, 2, 3] })).toBe(3)
    expect(countItems({ node: { id: 'x' } })).toBe(1)
    expect(countItems({ node: null })).toBe(0)
    expect(countItems(null)).toBe(0)
  })
})
