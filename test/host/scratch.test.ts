import { CapstanError } from 'capstan'
import { createTestCapstan } from 'capstan/testing'
import { it } from 'vitest'
import { fakePlugin } from '../support/fake-plugin.js'
it('x', async () => {
  const p = fakePlugin('alpha', { capabilities: { 'inventory.list': async () => { throw new Error('connection refused') } } })
  try {
    const c = await createTestCapstan({ plugins: [p.plugin] })
    console.log(c.plugins())
    await c.inventory.list()
  } catch (e) { console.log('caught', Object.prototype.toString.call(e), (e as any)?.code, (e as any)?.message) }
})
