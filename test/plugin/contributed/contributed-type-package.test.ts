// A third-party plugin that contributes a capability type of its own
// (examples/greeting-plugin), installed from its packed tarball: it loads
// through PluginLoader and is then Capstan's like a core type, in
// capabilities(), RBAC, invoke and the CLI (help, completion, running it).
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCapstan, PluginLoader, policyFromManifests, type LoadedPlugin, type Policy } from 'capstan'
import { runConformance } from 'capstan/testing'
import { runCli } from '../../cli/built-cli.js'
import { installGreetingApp, type GreetingApp } from './greeting-package.js'

let app: GreetingApp

beforeAll(() => {
  app = installGreetingApp()
}, 60_000)
afterAll(() => app?.remove())

const load = (options: unknown = { word: 'Hi' }): Promise<LoadedPlugin> => new PluginLoader().load({ module: 'capstan-plugin-greeting', from: app.dir, options })

describe('a plugin contributing a capability type, installed from its tarball', () => {
  it('loads through PluginLoader with its identity from plugin.json and package.json', async () => {
    const { plugin, manifest } = await load()
    expect(manifest).toMatchObject({ name: 'greeting', version: '1.2.0', contributes: ['greeting'], capabilities: ['greeting.hello', 'greeting.stream'] })
    expect(plugin.metadata).toMatchObject({ name: 'greeting', version: '1.2.0', integrationTypes: ['greeting'], coreRange: '^0.1.0' })
    expect(plugin.contributes?.map((type) => type.name)).toEqual(['greeting'])
  })

  it('appears in capabilities() with JSON Schemas, validates input and answers invoke, streams included', async () => {
    const { plugin } = await load()
    await using capstan = await createCapstan({ plugins: [plugin] })
    const info = capstan.capabilities().find((c) => c.id === 'greeting.hello')
    expect(info).toMatchObject({ type: 'greeting', kind: 'query', routing: { mode: 'prioritised' }, permission: 'greeting.hello', providers: [{ plugin: 'greeting', priority: 0 }] })
    expect(info?.inputSchema).toMatchObject({ type: 'object', properties: { name: { type: 'string' }, shout: { type: 'boolean', default: false } }, required: ['name'] })
    await expect(capstan.invoke('greeting.hello', { name: 'Ada' })).resolves.toEqual({ message: 'Hi, Ada' })
    await expect(capstan.invoke('greeting.hello', { name: 'Ada', shout: true })).resolves.toEqual({ message: 'HI, ADA' })
    await expect(capstan.invokeUnchecked('greeting.hello', { name: 7 })).rejects.toMatchObject({ code: 'VALIDATION_ERROR', details: { field: 'name', capability: 'greeting.hello' } })
    const greetings: unknown[] = []
    for await (const greeting of await capstan.invoke('greeting.stream', { names: ['Ada', 'Grace'] })) greetings.push(greeting)
    expect(greetings).toEqual([{ message: 'Hi, Ada' }, { message: 'Hi, Grace' }])
    // Metrics are kept per contributed id too: two answers and the refused call.
    expect(capstan.metrics().capabilities['greeting.hello']).toMatchObject({ count: 3, errors: 1 })
  })

  it('is allowed and denied by RBAC patterns, and its manifest seeds a policy', async () => {
    const { plugin, manifest } = await load()
    const policy: Policy = { roles: { greeter: { allow: ['greeting.*'] }, lister: { allow: ['inventory.*'] }, quiet: { allow: ['greeting.*'], deny: ['greeting.stream'] } } }
    await using capstan = await createCapstan({ plugins: [plugin], policy })
    const as = (role: string) => ({ principal: { id: `${role}-user`, roles: [role] } })
    await expect(capstan.invoke('greeting.hello', { name: 'Ada' }, as('greeter'))).resolves.toEqual({ message: 'Hi, Ada' })
    await expect(capstan.invoke('greeting.hello', { name: 'Ada' }, as('lister'))).rejects.toMatchObject({ code: 'PERMISSION_DENIED' })
    await expect(capstan.invoke('greeting.hello', { name: 'Ada' }, as('quiet'))).resolves.toEqual({ message: 'Hi, Ada' })
    const denied = await capstan.invoke('greeting.stream', { names: ['Ada'] }, as('quiet')).catch((error: unknown) => error)
    expect(denied).toMatchObject({ code: 'PERMISSION_DENIED' })
    const seeded = policyFromManifests([manifest])
    await using seededHost = await createCapstan({ plugins: [(await load()).plugin], policy: seeded })
    await expect(seededHost.invoke('greeting.hello', { name: 'Ada' }, as('viewer'))).resolves.toEqual({ message: 'Hi, Ada' })
    await expect(seededHost.invoke('greeting.stream', { names: ['Ada'] }, as('viewer'))).rejects.toMatchObject({ code: 'PERMISSION_DENIED' })
  })

  it('passes the conformance kit, its contributed capabilities and plugin.json included', { timeout: 60_000 }, async () => {
    const report = await runConformance({
      plugin: async () => (await load()).plugin,
      packageDir: app.packageDir,
      inputs: { 'greeting.hello': { name: 'Ada' }, 'greeting.stream': { names: ['Ada', 'Grace'] } },
    })
    expect(report.failures).toEqual([])
    expect(report.results.filter((r) => r.check === 'manifest' && r.ok).map((r) => r.capability)).toEqual(expect.arrayContaining(['greeting.hello', 'greeting.stream']))
    expect(report.results.some((r) => r.check === 'output-schema' && r.capability === 'greeting.hello' && r.ok && r.skipped === undefined)).toBe(true)
  })

  it('is in capstan --help, its type help and completion, and runs from the CLI', { timeout: 60_000 }, async () => {
    writeFileSync(join(app.dir, 'capstan.config.yaml'), 'plugins:\n  - module: capstan-plugin-greeting\n    options: { word: Hi }\n')
    const env = { FORCE_COLOR: '0' }
    const help = await runCli(['--help'], { cwd: app.dir, env })
    expect(help.code, help.stderr).toBe(0)
    expect(help.stdout).toMatch(/greeting/)
    const typeHelp = await runCli(['greeting', '--help'], { cwd: app.dir, env })
    expect(typeHelp.code, typeHelp.stderr).toBe(0)
    expect(typeHelp.stdout).toContain('hello')
    expect(typeHelp.stdout).toContain('Greet someone by name')
    const commandHelp = await runCli(['greeting', 'hello', '--help'], { cwd: app.dir, env })
    expect(commandHelp.stdout).toContain('--name')
    expect(commandHelp.stdout).toContain('capstan greeting hello --name Ada')
    const completion = await runCli(['completion', 'bash'], { cwd: app.dir, env })
    expect(completion.code, completion.stderr).toBe(0)
    expect(completion.stdout).toContain('greeting')
    const run = await runCli(['greeting', 'hello', '--name', 'Ada', '--json'], { cwd: app.dir, env })
    expect(run.code, run.stderr).toBe(0)
    expect(JSON.parse(run.stdout)).toEqual({ message: 'Hi, Ada' })
  })
})
