import { expectTypeOf, test } from 'vitest'
import type { Capstan, Facts, Node, NodeGroup, ResourceEvent, SourceOutcome } from 'capstan'

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
