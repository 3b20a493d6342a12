import { describe, expectTypeOf, it } from 'vitest'
import type {
  CallInput,
  CapabilityHandlers,
  DescriptorOf,
  ResultOf,
} from '../../src/capabilities/catalog.js'
import type { Handler } from '../../src/capabilities/handler.js'
import type { ProviderContext } from '../../src/capabilities/provider-context.js'
import type { Alert } from '../../src/capabilities/models/alert.js'
import type { ExecutionResult } from '../../src/capabilities/models/execution.js'
import type { Node } from '../../src/capabilities/models/node.js'
import type { ResourceEvent } from '../../src/capabilities/models/resource-event.js'
import type { SourceOutcome } from '../../src/capabilities/models/source-outcome.js'

describe('CapabilityHandlers', () => {
  it('accepts handlers whose output matches the descriptor', () => {
    const handlers: CapabilityHandlers = {
      'inventory.list': async () => ({ nodes: [{ id: 'web01' }] }),
      'task.list': async () => ({ tasks: [] }),
    }
    expectTypeOf(handlers).toExtend<CapabilityHandlers>()
  })

  it('rejects a handler with the wrong output', () => {
    const handlers: CapabilityHandlers = {
      // @ts-expect-error nodes must be an array of nodes
      'inventory.list': async () => ({ nodes: 'x' }),
    }
    expectTypeOf(handlers).toExtend<CapabilityHandlers>()
  })

  it('rejects an id Capstan does not define', () => {
    const handlers: CapabilityHandlers = {
      // @ts-expect-error unknown capability id
      'inventory.lst': async () => ({ nodes: [] }),
    }
    expectTypeOf(handlers).toExtend<CapabilityHandlers>()
  })

  it('gives a handler its parsed input, defaults applied', () => {
    const handlers: CapabilityHandlers = {
      'reports.list': async (input) => {
        expectTypeOf(input.limit).toEqualTypeOf<number>()
        expectTypeOf(input.node).toEqualTypeOf<string | undefined>()
        return { reports: [] }
      },
    }
    expectTypeOf(handlers).toExtend<CapabilityHandlers>()
  })
})

describe('stream handlers', () => {
  it('must return an AsyncIterable of items', () => {
    expectTypeOf<ReturnType<Handler<DescriptorOf<'events.stream'>>>>().toEqualTypeOf<AsyncIterable<ResourceEvent>>()

    const handlers: CapabilityHandlers = {
      'events.stream': async function* (input, ctx: ProviderContext) {
        expectTypeOf(input.pollIntervalMs).toEqualTypeOf<number>()
        expectTypeOf(ctx.signal).toEqualTypeOf<AbortSignal>()
        yield* [] as ResourceEvent[]
      },
    }
    expectTypeOf(handlers).toExtend<CapabilityHandlers>()
  })

  it('rejects a stream handler that returns a promise', () => {
    const handlers: CapabilityHandlers = {
      // @ts-expect-error a stream handler yields items, it does not resolve with one
      'events.stream': async () => ({}) as ResourceEvent,
    }
    expectTypeOf(handlers).toExtend<CapabilityHandlers>()
  })
})

describe('ResultOf and CallInput', () => {
  it('is the aggregated result when the descriptor has one', () => {
    expectTypeOf<ResultOf<'inventory.list'>['nodes']>().toEqualTypeOf<Node[]>()
    expectTypeOf<ResultOf<'inventory.list'>['sources']>().toEqualTypeOf<SourceOutcome[]>()
    expectTypeOf<ResultOf<'alert.list'>['alerts']>().toEqualTypeOf<Alert[]>()
  })

  it('is the output otherwise, and the item for streams', () => {
    expectTypeOf<ResultOf<'command.execute'>>().toEqualTypeOf<ExecutionResult>()
    expectTypeOf<ResultOf<'events.stream'>>().toEqualTypeOf<ResourceEvent>()
    expectTypeOf<ResultOf<'alert.subscribe'>>().toEqualTypeOf<Alert>()
  })

  it('lets callers omit fields that have defaults', () => {
    expectTypeOf<{ targets: string; task: string }>().toExtend<CallInput<'task.execute'>>()
    expectTypeOf<{ task: string }>().not.toExtend<CallInput<'task.execute'>>()
    expectTypeOf<{}>().toExtend<CallInput<'reports.list'>>()
  })
})
