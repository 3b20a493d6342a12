// Mistakes in a contributed capability type, each refused when the plugin is
// loaded (PluginLoader) or wired (createCapstan) with a CONFIG_ERROR that
// names the problem: a clash with the core or another plugin, plugin.json and
// code disagreeing, a descriptor with a bad schema.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { BasePlugin, CapstanError, createCapstan, defineCapability, defineCapabilityType, PluginLoader, type CapabilityHandlers, type CapabilityTypeDefinition, type PluginMetadata } from 'capstan'
import { installGreetingApp, type GreetingApp } from './greeting-package.js'

/** The CapstanError `run` rejects with; fails the test when it resolves or rejects with something else. */
async function catchError(run: () => Promise<unknown>): Promise<CapstanError> {
  const outcome = await run().then(
    () => new Error('expected a rejection'),
    (error: unknown) => error,
  )
  if (outcome instanceof CapstanError) return outcome
  throw outcome
}

let app: GreetingApp
beforeAll(() => {
  app = installGreetingApp()
}, 60_000)
afterAll(() => app?.remove())

/** A plugin package in the scratch application's node_modules: plugin.json and an ESM index.js. */
function writePackage(name: string, manifest: Record<string, unknown>, index: string): void {
  const dir = join(app.dir, 'node_modules', name)
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', type: 'module', main: 'index.js', capstan: { plugin: './plugin.json' } }))
  writeFileSync(join(dir, 'plugin.json'), JSON.stringify({ name, core: '^0.1.0', entry: { factory: 'create' }, ...manifest }))
  writeFileSync(join(dir, 'index.js'), index)
}

/** index.js of a plugin that contributes `types` (a JS expression using defineCapability, defineCapabilityType and z) and implements `ids`. */
function pluginModule(name: string, types: string, ids: string[]): string {
  const handlers = ids.map((id) => `'${id}': async () => ({ message: 'hi' })`).join(', ')
  return `import { BasePlugin, defineCapability, defineCapabilityType, pluginMetadata } from 'capstan'
import { z } from 'zod'
import { createRequire } from 'node:module'
const require = createRequire(import.meta.url)
const types = ${types}
class P extends BasePlugin {
  metadata = pluginMetadata(require('./plugin.json'), require('./package.json'))
  contributes = types
  async performInitialization() {}
  capabilities() { return { ${handlers} } }
}
export function create() { return new P() }
`
}

const hello = (extra = '') => `defineCapability({ id: 'wave.hello', type: 'wave', description: 'Wave', kind: 'query', routing: { mode: 'prioritised' }, input: z.object({ name: z.string() }).strict(), output: z.object({ message: z.string() })${extra} })`
const waveType = (capability: string) => `[defineCapabilityType({ name: 'wave', description: 'Waves', capabilities: { hello: ${capability} } })]`

const loadError = (module: string) => catchError(() => new PluginLoader().load({ module, from: app.dir }))

describe('contributed types checked at load (PluginLoader)', () => {
  it('loads a well-formed contributed type', async () => {
    writePackage('wave-ok', { contributes: ['wave'], capabilities: ['wave.hello'] }, pluginModule('wave-ok', waveType(hello()), ['wave.hello']))
    const { manifest, plugin } = await new PluginLoader().load({ module: 'wave-ok', from: app.dir })
    expect(manifest.contributes).toEqual(['wave'])
    expect(plugin.contributes?.[0]?.name).toBe('wave')
  })

  it('refuses a type named like a core one, naming both', async () => {
    const clash = `[defineCapabilityType({ name: 'inventory', description: 'Mine', capabilities: { hello: defineCapability({ id: 'inventory.hello', type: 'inventory', description: 'x', kind: 'query', routing: { mode: 'prioritised' }, input: z.object({}).strict(), output: z.object({ message: z.string() }) }) } })]`
    writePackage('clash-core', { contributes: ['inventory'], capabilities: ['inventory.hello'] }, pluginModule('clash-core', clash, ['inventory.hello']))
    const error = await loadError('clash-core')
    expect(error).toMatchObject({ code: 'CONFIG_ERROR', details: { field: 'contributes[0].name', type: 'inventory', clashesWith: 'core' } })
    expect(error.message).toContain(`clashes with the core's "inventory" capabilities`)
  })

  it('refuses an id of a type plugin.json does not name under contributes, saying to name it', async () => {
    writePackage('unlisted-type', { capabilities: ['wave.hello'] }, pluginModule('unlisted-type', waveType(hello()), ['wave.hello']))
    const error = await loadError('unlisted-type')
    expect(error).toMatchObject({ code: 'CONFIG_ERROR', details: { field: 'capabilities[0]' } })
    expect(error.message).toContain('unknown capability "wave.hello"; if the plugin contributes type "wave", name it under contributes')
  })

  it('refuses plugin.json naming a type the code does not contribute, and the reverse', async () => {
    writePackage('unnamed-type', { capabilities: [] }, pluginModule('unnamed-type', waveType(hello()), []))
    const unnamed = await loadError('unnamed-type')
    expect(unnamed).toMatchObject({ code: 'CONFIG_ERROR', details: { field: 'contributes', undeclared: ['wave'] } })
    expect(unnamed.message).toContain('the plugin contributes "wave", missing here; add it to contributes')
    writePackage('undefined-type', { contributes: ['wave', 'nod'], capabilities: ['wave.hello'] }, pluginModule('undefined-type', waveType(hello()), ['wave.hello']))
    const undefinedType = await loadError('undefined-type')
    expect(undefinedType).toMatchObject({ code: 'CONFIG_ERROR', details: { field: 'contributes', undefinedTypes: ['nod'] } })
  })

  it('refuses plugin.json listing an id the code does not implement, saying where it is missing', async () => {
    writePackage('unimplemented', { contributes: ['wave'], capabilities: ['wave.hello'] }, pluginModule('unimplemented', waveType(hello()), []))
    const error = await loadError('unimplemented')
    expect(error).toMatchObject({ code: 'CONFIG_ERROR', details: { field: 'capabilities', unimplemented: ['wave.hello'] } })
    expect(error.message).toMatch(/plugin\.json: capabilities: lists "wave\.hello", missing from the plugin's capabilities\(\)/)
  })

  it.each([
    ['an input that is no object schema', hello().replace('input: z.object({ name: z.string() }).strict()', 'input: z.string()'), 'contributes[0].capabilities.hello.input', 'must be an object schema'],
    ['an input JSON Schema cannot describe', hello().replace('z.object({ name: z.string() }).strict()', 'z.object({ at: z.custom((v) => v instanceof Date) }).strict()'), 'contributes[0].capabilities.hello.input', 'JSON Schema cannot describe it'],
    ['an output that is no schema', hello().replace('output: z.object({ message: z.string() })', "output: 'text'"), 'contributes[0].capabilities.hello.output', 'a Zod schema'],
    ['an id outside its type', hello().replace("id: 'wave.hello'", "id: 'nod.hello'"), 'contributes[0].capabilities.hello.id', 'is not namespaced by its type'],
    ['an unknown routing mode', hello().replace("routing: { mode: 'prioritised' }", "routing: { mode: 'random' }"), 'contributes[0].capabilities.hello.routing.mode', ''],
  ])('refuses a descriptor with %s, naming the field', async (_, capability, field, says) => {
    const name = `bad-${field.replace(/\W+/g, '-')}-${says.length}`
    writePackage(name, { contributes: ['wave'], capabilities: ['wave.hello'] }, pluginModule(name, waveType(capability), ['wave.hello']))
    const error = await loadError(name)
    expect(error.code).toBe('CONFIG_ERROR')
    expect(error.details.field).toBe(field)
    expect(error.message).toContain(says)
    expect(error.message).toMatch(/index\.js: contributes\[0\]/)
  })
})

/** A plugin made in this test (the core's own copy) contributing `types` and answering `ids`. */
function contributing(name: string, types: readonly CapabilityTypeDefinition[], answer: (id: string) => unknown = () => ({ message: name })): BasePlugin {
  return new (class extends BasePlugin {
    readonly metadata: PluginMetadata = { name, version: '1.0.0', integrationTypes: ['wave'] }
    override readonly contributes = types
    protected async performInitialization(): Promise<void> {}
    capabilities(): CapabilityHandlers {
      const ids = types.flatMap((type) => Object.values(type.capabilities).map((d) => d.id))
      return Object.fromEntries(ids.map((id) => [id, async () => answer(id)])) as CapabilityHandlers
    }
  })()
}

const wave = (output: z.ZodType = z.object({ message: z.string() })) =>
  defineCapabilityType({
    name: 'wave',
    description: 'Waves',
    capabilities: { hello: defineCapability({ id: 'wave.hello', type: 'wave', description: 'Wave', kind: 'query', routing: { mode: 'prioritised' }, input: z.object({ name: z.string() }).strict(), output }) },
  })

describe('contributed types checked when wired (createCapstan)', () => {
  it('refuses two plugins contributing one id with different contracts, naming both', async () => {
    const error = await catchError(() => createCapstan({ plugins: [contributing('first', [wave()]), contributing('second', [wave(z.object({ text: z.string() }))])] }))
    expect(error).toMatchObject({ code: 'CONFIG_ERROR', details: { plugin: 'second', capability: 'wave.hello', clashesWith: ['first'] } })
    expect(error.message).toContain('Plugin second contributes "wave.hello", which plugin first already contributes with a different contract')
  })

  it('shares one contract between two plugins: both provide it, prioritised by priority', async () => {
    const contract = wave()
    const failing = contributing('first', [contract], () => {
      throw new Error('not me')
    })
    await using capstan = await createCapstan({ plugins: [{ plugin: contributing('second', [contract]), priority: 1 }, { plugin: failing, priority: 5 }] })
    expect(capstan.capabilities().find((c) => c.id === 'wave.hello')?.providers.map((p) => p.plugin)).toEqual(['first', 'second'])
    await expect(capstan.invokeUnchecked('wave.hello', { name: 'x' }, { plugin: 'second' })).resolves.toEqual({ message: 'second' })
  })

  it('two copies of one contract (equal schemas, other objects) are one type', async () => {
    await using capstan = await createCapstan({ plugins: [contributing('first', [wave()]), contributing('second', [wave()])] })
    expect(capstan.capabilities().filter((c) => c.id === 'wave.hello')).toHaveLength(1)
  })

  it('refuses a contributed descriptor with a bad schema before any plugin starts', async () => {
    const bad = defineCapabilityType({
      name: 'wave',
      description: 'Waves',
      capabilities: { hello: defineCapability({ id: 'wave.hello', type: 'wave', description: 'Wave', kind: 'action', routing: { mode: 'targeted' }, input: z.object({ name: z.string() }).strict(), output: z.object({}) }) },
    })
    const error = await catchError(() => createCapstan({ plugins: [contributing('first', [bad])] }))
    expect(error).toMatchObject({ code: 'CONFIG_ERROR', details: { plugin: 'first', field: 'contributes[0].capabilities.hello.input' } })
    expect(error.message).toContain('a targeted capability needs a `targets` field')
  })
})
