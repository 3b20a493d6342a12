// The application developer's path: `npm pack` the core and every plugin (the
// run's global setup has built them), install the tarballs into a throwaway
// project elsewhere, and use them as published: an ESM script and a CommonJS
// script that import every package and make real calls, and a strict
// type-check (nodenext, no skipLibCheck, exactOptionalPropertyTypes) of every
// public entry, as `import` and as `require`, with an embedder that passes
// possibly-undefined values to every kind of call.
import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const repoRoot = fileURLToPath(new URL('../../', import.meta.url))
const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc')
const run = promisify(execFile)

/** Runs `file args` in `cwd`; on failure the error names the command and carries its output. */
async function sh(cwd: string, file: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await run(file, args, { cwd, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, npm_config_update_notifier: 'false' } })
    return stdout
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string }
    throw new Error(`${file} ${args.join(' ')} failed in ${cwd}:\n${failed.stdout ?? ''}\n${failed.stderr ?? ''}`, { cause: error })
  }
}

const inventory = `targets:
  - name: web01
    uri: web01.example.com
groups:
  - name: db
    targets:
      - name: db01
        uri: db01.example.com
`

/** The same calls in both module systems; prints one JSON line. */
const calls = `const capstan = await createCapstan({ plugins: [localPlugin({ inventoryFile: 'inventory.yaml' })] })
try {
  const { nodes, sources } = await capstan.inventory.list()
  const testHost = await createTestCapstan({ plugins: [] })
  await testHost.close()
  const factories = [boltPlugin, puppetdbPlugin, sshPlugin].map((factory) => typeof factory)
  const plugin = sshPlugin({ hosts: ['web01.example.com'] })
  // An error the plugin kit builds is the core's own class, not a copy of it.
  const kitError = permissionDenied(undefined, 'command.execute')
  const kit = { sameErrorClass: kitError instanceof CapstanError && isCapstanError(kitError, 'PERMISSION_DENIED'), closest: closestMatch('inventry', ['inventory', 'facts']) }
  console.log(JSON.stringify({ ids: nodes.map((node) => node.id), sources: sources.map((source) => source.plugin), factories, sshPlugin: plugin.metadata.name, kit }))
} finally {
  await capstan.close()
}
`

const esm = `import { CapstanError, createCapstan, isCapstanError, localPlugin } from 'capstan'
import { closestMatch, permissionDenied } from 'capstan/plugin-kit'
import { createTestCapstan } from 'capstan/testing'
import { boltPlugin } from '@capstan/plugin-bolt'
import { puppetdbPlugin } from '@capstan/plugin-puppetdb'
import { sshPlugin } from '@capstan/plugin-ssh'

${calls}`

const cjs = `const { CapstanError, createCapstan, isCapstanError, localPlugin } = require('capstan')
const { closestMatch, permissionDenied } = require('capstan/plugin-kit')
const { createTestCapstan } = require('capstan/testing')
const { boltPlugin } = require('@capstan/plugin-bolt')
const { puppetdbPlugin } = require('@capstan/plugin-puppetdb')
const { sshPlugin } = require('@capstan/plugin-ssh')

;(async () => {
${calls}})().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
`

/** Every public entry, type-checked as a strict consumer writes it. */
const typed = `import { createCapstan, isCapstanError, localPlugin, type Capstan, type Node } from 'capstan'
import { TtlCache, runProcess, type ProcessEvent } from 'capstan/plugin-kit'
import { createTestCapstan } from 'capstan/testing'
import { boltPlugin, type BoltPluginOptions } from '@capstan/plugin-bolt'
import { puppetdbPlugin, type PuppetDbPluginOptions } from '@capstan/plugin-puppetdb'
import { sshPlugin, type SshPluginOptions } from '@capstan/plugin-ssh'

export async function consumer(bolt: BoltPluginOptions, puppetdb: PuppetDbPluginOptions, ssh: SshPluginOptions): Promise<string[]> {
  const capstan: Capstan = await createCapstan({ plugins: [localPlugin({ inventoryFile: 'inventory.yaml' }), boltPlugin(bolt), puppetdbPlugin(puppetdb), sshPlugin(ssh)] })
  const test = await createTestCapstan({ plugins: [] })
  const cache = new TtlCache<string, number>({ ttlMs: 1000, max: 10 })
  const events: AsyncIterable<ProcessEvent> = runProcess({ argv: ['true'] })
  void cache
  void events
  try {
    const nodes: Node[] = (await capstan.inventory.list()).nodes
    return nodes.map((node) => node.id)
  } catch (error) {
    if (isCapstanError(error)) return [error.code]
    throw error
  } finally {
    await test.close()
    await capstan.close()
  }
}
`

/** The embedder of exact-optional.test.ts, compiled here against the published types. */
const embedder = readFileSync(join(repoRoot, 'test/fixtures/exact-optional/embedder.ts'), 'utf8')

const tsconfig = {
  compilerOptions: {
    strict: true,
    // Stricter than strict: an optional field takes undefined only where its type says so.
    exactOptionalPropertyTypes: true,
    module: 'nodenext',
    moduleResolution: 'nodenext',
    target: 'es2022',
    types: ['node'],
    skipLibCheck: false,
    noEmit: true,
  },
  files: ['typed.mts', 'typed.cts', 'embedder.mts', 'embedder.cts'],
}

describe('the packed packages in a project of their own', { timeout: 240_000 }, () => {
  let dir: string
  let consumer: string

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'capstan-consumer-'))
    const tarballs = join(dir, 'tarballs')
    consumer = join(dir, 'app')
    mkdirSync(tarballs)
    mkdirSync(consumer)
    await sh(repoRoot, 'npm', ['pack', '--silent', '--pack-destination', tarballs])
    // The plugins, not every workspace: packages/ holds private ones (@capstan/test-support) that are never published.
    const plugins = readdirSync(repoRoot).filter((name) => name.startsWith('plugins-'))
    await sh(repoRoot, 'npm', ['pack', '--silent', ...plugins.flatMap((plugin) => ['--workspace', plugin]), '--pack-destination', tarballs])
    writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'capstan-consumer', version: '1.0.0', private: true }, null, 2))
    writeFileSync(join(consumer, 'inventory.yaml'), inventory)
    writeFileSync(join(consumer, 'app.mjs'), esm)
    writeFileSync(join(consumer, 'app.cjs'), cjs)
    writeFileSync(join(consumer, 'typed.mts'), typed)
    writeFileSync(join(consumer, 'typed.cts'), typed)
    writeFileSync(join(consumer, 'embedder.mts'), embedder)
    writeFileSync(join(consumer, 'embedder.cts'), embedder)
    writeFileSync(join(consumer, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2))
    const packed = readdirSync(tarballs).map((name) => join(tarballs, name))
    expect(packed.map((path) => path.slice(tarballs.length + 1)).sort()).toEqual(['capstan-0.1.0.tgz', 'capstan-plugin-bolt-0.1.0.tgz', 'capstan-plugin-puppetdb-0.1.0.tgz', 'capstan-plugin-ssh-0.1.0.tgz'])
    await sh(consumer, 'npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--no-package-lock', ...packed, '@types/node@^20.19.0'])
  }, 240_000)

  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  const expected = { ids: ['db01', 'localhost', 'web01'], sources: ['local'], factories: ['function', 'function', 'function'], sshPlugin: 'ssh', kit: { sameErrorClass: true, closest: 'inventory' } }

  it('imports every package as ESM and lists a tiny inventory with the local plugin', async () => {
    const output = await sh(consumer, process.execPath, ['app.mjs'])
    expect(JSON.parse(output)).toEqual(expected)
  })

  it('does the same through require (the CommonJS build)', async () => {
    const output = await sh(consumer, process.execPath, ['app.cjs'])
    expect(JSON.parse(output)).toEqual(expected)
  })

  it('ships the Apache-2.0 license text in every package, the same as the repository\'s', () => {
    const license = readFileSync(join(repoRoot, 'LICENSE'), 'utf8')
    expect(license).toContain('Apache License\n                           Version 2.0, January 2004')
    for (const name of ['capstan', '@capstan/plugin-bolt', '@capstan/plugin-puppetdb', '@capstan/plugin-ssh']) {
      const installed = join(consumer, 'node_modules', name)
      expect(JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')).license, name).toBe('Apache-2.0')
      expect(readFileSync(join(installed, 'LICENSE'), 'utf8'), name).toBe(license)
    }
  })

  it('type-checks every public entry strictly (nodenext, no skipLibCheck, exactOptionalPropertyTypes), as import and as require', async () => {
    expect(JSON.parse(readFileSync(join(consumer, 'tsconfig.json'), 'utf8')).compilerOptions.exactOptionalPropertyTypes).toBe(true)
    await expect(sh(consumer, process.execPath, [tsc, '-p', 'tsconfig.json'])).resolves.toBe('')
  })
})

