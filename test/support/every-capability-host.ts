import { createTestCapstan } from 'capstan/testing'
import { afterAll, beforeAll } from 'vitest'
import { everyCapabilityPlugin, type FakePlugin } from './fake-plugin.js'

/** A host with one fake plugin that serves every catalog capability, made before the file's tests and closed after. */
export function everyCapabilityHost(): { readonly every: FakePlugin; readonly capstan: Awaited<ReturnType<typeof createTestCapstan>> } {
  let every: FakePlugin | undefined
  let capstan: Awaited<ReturnType<typeof createTestCapstan>> | undefined
  beforeAll(async () => {
    every = everyCapabilityPlugin('everything')
    capstan = await createTestCapstan({ plugins: [every.plugin] })
  })
  afterAll(() => capstan?.close())
  return {
    get every() {
      return every!
    },
    get capstan() {
      return capstan!
    },
  }
}
