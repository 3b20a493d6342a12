// `npm run new-plugin -- <name>`: the package it writes has the one plugin
// shape, type-checks against the core, loads through the PluginLoader, serves
// what its plugin.json declares, and its own tests' subjects work.
import { execFile } from 'node:child_process'
import { existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { createCapstan, type BasePlugin } from 'capstan'
import { parseManifest } from 'capstan/plugin-kit'
import { scratchDir } from '@capstan/test-support/scratch-dir'

const run = promisify(execFile)
const repoRoot = fileURLToPath(new URL('../../', import.meta.url))
const tsx = join(repoRoot, 'node_modules/.bin/tsx')
const script = join(repoRoot, 'scripts/new-plugin.ts')

/** Runs the scaffold; resolves with its exit code and output whatever it is. */
async function newPlugin(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return run(tsx, [script, ...args], { cwd: repoRoot }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  )
}

describe('npm run new-plugin', { timeout: 120_000 }, () => {
  it('writes a plugin in the one shape, which type-checks, loads and serves what it declares', async () => {
    const dir = scratchDir('capstan-new-plugin-')
    const made = await newPlugin(['demo-backend', '--dir', dir])
    expect(made.code, made.stderr).toBe(0)
    const plugin = join(dir, 'plugins-demo-backend')
    for (const file of ['package.json', 'plugin.json', 'README.md', 'src/index.ts', 'src/demo-backend-plugin.ts', 'src/inventory/list-nodes.ts', 'src/health/demo-backend-health.ts', 'src/errors/demo-backend-error.ts', 'test/inventory/list-nodes.test.ts', 'test/health/demo-backend-health.test.ts', 'test/errors/demo-backend-error.test.ts', 'test/conformance.test.ts']) {
      expect(existsSync(join(plugin, file)), file).toBe(true)
    }
    const manifest = parseManifest(JSON.parse(readFileSync(join(plugin, 'plugin.json'), 'utf8')), 'plugin.json')
    expect(manifest).toMatchObject({ name: 'demo-backend', capabilities: ['inventory.list'], entry: { factory: 'demoBackendPlugin' } })

    // Type-checks against the core's sources, as the repository's own plugins do (zod and vitest from the repository's node_modules).
    symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'), 'dir')
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({ extends: join(repoRoot, 'tsconfig.json'), compilerOptions: { baseUrl: repoRoot, paths: { capstan: ['./src/index.ts'], 'capstan/*': ['./src/*/index.ts'] }, noEmit: true, types: ['node'], typeRoots: [join(repoRoot, 'node_modules/@types')] }, include: [join(plugin, 'src'), join(plugin, 'test')] }),
    )
    const tsc = await run(join(repoRoot, 'node_modules/.bin/tsc'), ['-p', join(dir, 'tsconfig.json')], { cwd: dir }).then(
      () => '',
      (error: { stdout: string }) => error.stdout,
    )
    expect(tsc).toBe('')

    // Serves what it declares: its sources, with `capstan` resolved to the core's.
    const { demoBackendPlugin } = (await import(pathToFileURL(join(plugin, 'src/index.ts')).href)) as { demoBackendPlugin: (options: unknown) => BasePlugin }
    const instance = demoBackendPlugin({ hosts: ['web01', 'db01'] })
    expect(Object.keys(instance.capabilities())).toEqual(manifest.capabilities)
    expect(instance.metadata).toMatchObject({ name: 'demo-backend', version: '0.1.0', integrationTypes: ['inventory'] })
    await using capstan = await createCapstan({ plugins: [instance] })
    expect((await capstan.inventory.list()).nodes.map((node) => node.id)).toEqual(['db01', 'web01'])
    expect(() => demoBackendPlugin({ hosts: 'web01' })).toThrow(expect.objectContaining({ code: 'CONFIG_ERROR' }))
  })

  it('refuses a name plugin.json would refuse, and a folder that exists', async () => {
    const dir = scratchDir('capstan-new-plugin-')
    const bad = await newPlugin(['Demo_Backend', '--dir', dir])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('is not a plugin name')
    expect((await newPlugin(['demo', '--dir', dir])).code).toBe(0)
    const again = await newPlugin(['demo', '--dir', dir])
    expect(again.code).toBe(1)
    expect(again.stderr).toContain('exists already')
  })
})
