// A contributed capability type is typed like a core one once the plugin's
// module augmentation (examples/greeting-plugin/index.d.ts) is in the program.
import { describe, expectTypeOf, it } from 'vitest'
import { defineCapability, defineCapabilityType, type CallInput, type Capstan, type CapabilityHandlers, type CapabilityId, type ResultOf } from 'capstan'
import { z } from 'zod'
import type {} from '../../../examples/greeting-plugin/index.js'

declare const capstan: Capstan

function inlineContract() {
  const catalogType = defineCapabilityType({
    name: 'catalog',
    description: 'Catalogs',
    capabilities: {
      compile: defineCapability({ id: 'catalog.compile', type: 'catalog', description: 'Compile', kind: 'query', routing: { mode: 'prioritised' }, input: z.object({ node: z.string() }).strict(), output: z.object({ resources: z.array(z.string()) }) }),
    },
  })
  return { catalogType }
}

describe('a contributed type defined with defineCapabilityType and defineCapability (not a hand-written .d.ts)', () => {
  it('types the result from the output schema, not as unknown', () => {
    const { catalogType } = inlineContract()
    type Compile = (typeof catalogType)['capabilities']['compile']
    expectTypeOf<Compile['result']>().toEqualTypeOf<undefined>()
    expectTypeOf<z.output<Compile['output']>>().toEqualTypeOf<{ resources: string[] }>()
  })
})

describe('a contributed capability type', () => {
  it('adds its ids to CapabilityId', () => {
    expectTypeOf<'greeting.hello'>().toExtend<CapabilityId>()
    expectTypeOf<'greeting.stream'>().toExtend<CapabilityId>()
    expectTypeOf<'greeting.nope'>().not.toExtend<CapabilityId>()
  })

  it('types invoke: input before defaults, the result, a stream as an async iterable', () => {
    expectTypeOf<CallInput<'greeting.hello'>>().toEqualTypeOf<{ name: string; shout?: boolean | undefined }>()
    expectTypeOf(capstan.invoke('greeting.hello', { name: 'Ada' })).resolves.toEqualTypeOf<{ message: string }>()
    expectTypeOf(capstan.invoke('greeting.stream', { names: ['Ada'] })).resolves.toEqualTypeOf<AsyncIterable<{ message: string }>>()
    // @ts-expect-error name is required
    void capstan.invoke('greeting.hello', {})
    // @ts-expect-error name is a string
    void capstan.invoke('greeting.hello', { name: 7 })
    expectTypeOf<ResultOf<'greeting.hello'>>().toEqualTypeOf<{ message: string }>()
  })

  it('types a plugin handler for it', () => {
    type Hello = NonNullable<CapabilityHandlers['greeting.hello']>
    expectTypeOf<Parameters<Hello>[0]>().toEqualTypeOf<{ name: string; shout: boolean }>()
    expectTypeOf<ReturnType<Hello>>().toEqualTypeOf<Promise<{ message: string }>>()
  })
})
