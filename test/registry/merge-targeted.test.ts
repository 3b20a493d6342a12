import { capabilityCatalog, CapstanError, ExecutionResult, NodeResult, type CapabilityDescriptor } from 'capstan'
import { describe, expect, it } from 'vitest'
import { countItems } from '../../src/registry/merge/merge-aggregate.js'
import { mergeTargeted } from '../../src/registry/merge/merge-targeted.js'
import { nodeFailure } from '../../src/registry/node-failure.js'
import { executionResult } from '../support/fake-plugin.js'

const descriptor = (id: string) => capabilityCatalog.find((d) => d.id === id) as CapabilityDescriptor
const failure = new CapstanError('NO_PROVIDER', { message: 'nobody runs winrm', details: { node: 'w1' } })

describe('nodeFailure', () => {
  it.each(['command.execute', 'task.execute', 'script.execute', 'package.install', 'package.uninstall', 'package.update'])('builds a valid error NodeResult for %s', (id) => {
    const entry = nodeFailure(descriptor(id), 'w1', failure)
    expect(NodeResult.safeParse(entry).success).toBe(true)
    expect(entry).toMatchObject({ node: 'w1', status: 'error', exitCode: null, error: { code: 'NO_PROVIDER', message: 'nobody runs winrm' } })
  })

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
})

describe('mergeTargeted', () => {
  it('returns a single provider\'s output as it is', () => {
    const only = executionResult('a', 'command.execute', ['n1'])
    expect(mergeTargeted('command.execute', [{ plugin: 'a', output: only }], [])).toBe(only)
  })

  it('merges execution results, recomputing the status over every node', () => {
    const a = { ...executionResult('a', 'command.execute', ['n1']), startedAt: '2025-01-01T00:00:01.000Z', finishedAt: '2025-01-01T00:00:03.000Z' }
    const b = { ...executionResult('b', 'command.execute', ['n2'], () => 'failure'), startedAt: '2025-01-01T00:00:00.000Z', finishedAt: '2025-01-01T00:00:02.000Z' }
    const merged = mergeTargeted('command.execute', [{ plugin: 'b', output: b }, { plugin: 'a', output: a }], []) as ExecutionResult
    expect(ExecutionResult.safeParse(merged).success).toBe(true)
    expect(merged.status).toBe('partial')
    expect(merged.plugins).toEqual(['a', 'b'])
    expect(merged.nodes.map((n) => n.node)).toEqual(['n2', 'n1'])
    expect(merged.startedAt).toBe('2025-01-01T00:00:00.000Z')
    expect(merged.finishedAt).toBe('2025-01-01T00:00:03.000Z')
    expect(merged.durationMs).toBe(3000)
  })

  it('builds a valid failed result from failures alone', () => {
    const entry = nodeFailure(descriptor('command.execute'), 'w1', failure)
    const merged = mergeTargeted('command.execute', [], [entry]) as ExecutionResult
    expect(ExecutionResult.safeParse(merged).success).toBe(true)
    expect(merged.status).toBe('failure')
    expect(merged.capability).toBe('command.execute')
    expect(merged.plugins).toEqual([])
  })

  it('concatenates per-node lists of other outputs and appends failures', () => {
    const a = { nodes: [{ node: 'n1', packages: [] }] }
    const b = { nodes: [{ node: 'n2', packages: [] }] }
    const merged = mergeTargeted('package.list', [{ plugin: 'a', output: a }, { plugin: 'b', output: b }], [{ node: 'w1', packages: [], error: { code: 'NO_PROVIDER', message: 'x' } }])
    expect((merged as { nodes: Array<{ node: string }> }).nodes.map((n) => n.node)).toEqual(['n1', 'n2', 'w1'])
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
