import { expectTypeOf, test } from 'vitest'
import type { CapabilityHandlers, Capstan, Execution, ExecutionEvent, ExecutionResult, Facts, Node, NodeGroup, ResourceEvent, SourceOutcome } from 'capstan'

declare const capstan: Capstan

test('invoke is typed by capability id', () => {
  expectTypeOf(capstan.invoke('inventory.list', {})).resolves.toHaveProperty('nodes').toEqualTypeOf<Node[]>()
  expectTypeOf(capstan.invoke('inventory.list', {})).resolves.toHaveProperty('sources').toEqualTypeOf<SourceOutcome[]>()
  expectTypeOf(capstan.invoke('info.facts', { node: 'web01' })).resolves.toEqualTypeOf<Facts>()
  expectTypeOf(capstan.invoke('events.stream', {})).resolves.toEqualTypeOf<AsyncIterable<ResourceEvent>>()
  // An id outside the catalog falls back to unknown, never to a wrong type.
  expectTypeOf(capstan.invoke('no.such', {})).resolves.toBeUnknown()
})

test('facades take the capability input and return its result', () => {
  expectTypeOf(capstan.inventory.get).returns.resolves.toEqualTypeOf<Node>()
  expectTypeOf(capstan.inventory.groups).returns.resolves.toHaveProperty('groups').toEqualTypeOf<NodeGroup[]>()
  expectTypeOf(capstan.events.stream).returns.toEqualTypeOf<AsyncIterable<ResourceEvent>>()
  // @ts-expect-error: status must be one of changed, unchanged, failed
  void capstan.reports.query({ status: 'broken' })
  // @ts-expect-error: a filter's groups is a list
  void capstan.inventory.filter({ groups: 'web' })
})

test('executions: execute returns an Execution at once, run its result', () => {
  expectTypeOf(capstan.command.execute({ targets: 'localhost', command: 'uptime' })).toEqualTypeOf<Execution>()
  expectTypeOf(capstan.command.run({ targets: 'localhost', command: 'uptime' })).resolves.toEqualTypeOf<ExecutionResult>()
  expectTypeOf(capstan.invoke('task.execute', { targets: 'web*', task: 'package' })).resolves.toEqualTypeOf<Execution>()
  expectTypeOf(capstan.packages.install({ targets: 'web*', packages: ['nginx'] })).toEqualTypeOf<Execution>()
  expectTypeOf<Execution>().toMatchTypeOf<AsyncIterable<ExecutionEvent>>()
  // @ts-expect-error: a command is required
  void capstan.command.execute({ targets: 'localhost' })
})

test('an execution handler is a generator of node events, not a promise of a result', () => {
  const good: CapabilityHandlers = {
    'command.execute': async function* (batch) {
      for (const node of batch.nodes) yield { type: 'node:finished', node: node.id, status: 'success', exitCode: 0 }
    },
  }
  expectTypeOf(good).not.toBeNever()
  const bad: CapabilityHandlers = {
    // @ts-expect-error: execution handlers yield node events
    'command.execute': async () => ({ status: 'success' }),
  }
  void bad
})
