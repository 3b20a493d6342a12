import { describe, expect, it } from 'vitest'
import { executionStatusOf } from '../../src/capabilities/models/execution-status.js'
import type { NodeResult, NodeStatus } from '../../src/capabilities/models/execution.js'

function node(status: NodeStatus, id = 'web01'): NodeResult {
  return {
    node: id,
    status,
    exitCode: status === 'success' ? 0 : 1,
    stdout: '',
    stderr: '',
    startedAt: '2025-01-01T00:00:00.000Z',
    finishedAt: '2025-01-01T00:00:01.000Z',
    durationMs: 1000,
    truncated: false,
  }
}

describe('executionStatusOf', () => {
  it('is success when there are no nodes', () => {
    expect(executionStatusOf([])).toBe('success')
  })

  it('is success when every node succeeded', () => {
    expect(executionStatusOf([node('success'), node('success', 'web02')])).toBe('success')
  })

  it.each(['failure', 'error', 'timeout', 'cancelled', 'skipped'] as const)('is failure when every node ended %s', (status) => {
    expect(executionStatusOf([node(status), node(status, 'web02')])).toBe('failure')
  })

  it('is cancelled when the execution was cancelled, whatever its nodes say', () => {
    expect(executionStatusOf([node('success'), node('success', 'web02')], 'cancelled')).toBe('cancelled')
    expect(executionStatusOf([], 'cancelled')).toBe('cancelled')
  })

  it("is timeout when the execution's own time ran out, whatever its nodes say", () => {
    expect(executionStatusOf([node('success'), node('cancelled', 'web02')], 'timeout')).toBe('timeout')
  })

  it('is failure, not timeout, when every node ran past its per-node timeoutMs', () => {
    expect(executionStatusOf([node('timeout'), node('timeout', 'web02')])).toBe('failure')
  })

  it('is partial when some nodes succeeded', () => {
    expect(executionStatusOf([node('success'), node('timeout', 'web02')])).toBe('partial')
    expect(executionStatusOf([node('skipped'), node('success', 'web02'), node('error', 'web03')])).toBe('partial')
  })
})
