// A contributed capability type is typed like a core one once the plugin's
// module augmentation (examples/greeting-plugin/index.d.ts) is in the program.
import { describe, expectTypeOf, it } from 'vitest'
import type { CallInput, Capstan, CapabilityHandlers, CapabilityId, ResultOf } from 'capstan'
import type {} from '../../../examples/greeting-plugin/index.js'

declare const capstan: Capstan

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
