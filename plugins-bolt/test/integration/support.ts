// Shared plumbing of the end-to-end tests: the fake `bolt`, the recorded project,
// FAKE_BOLT_LOG files, the plugin loaded through PluginLoader, and process checks.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { PluginLoader, type CapstanOptions, type ExecutionEvent, type LoadedPlugin } from 'capstan'
import { createTestCapstan } from 'capstan/testing'
import { boltPlugin } from '../../src/index.js'
import type { BoltPluginOptions } from '../../src/bolt-plugin-options.js'

/** The fake `bolt` (test/fake-bolt/bolt). */
export const FAKE_BOLT = fileURLToPath(new URL('../fake-bolt/bolt', import.meta.url))
/** plugins-bolt/test/fixtures: the recorded Bolt 3.30.0 runs and the project they ran in. */
export const BOLT_FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url))
export const PROJECT_DIR = path.join(BOLT_FIXTURES, 'project')
export const SAMPLES_DIR = path.join(BOLT_FIXTURES, 'samples')
/** The plugin package (plugins-bolt/). */
export const PACKAGE_DIR = fileURLToPath(new URL('../../', import.meta.url))
/** The plugin's source entry, imported in place of the dist/ entry the package's exports name. */
export const SOURCE_ENTRY = path.join(PACKAGE_DIR, 'src', 'index.ts')

/** One line of FAKE_BOLT_LOG. */
export interface FakeBoltLogEntry {
  argv: string[]
  env: Record<string, string>
  pid: number
  cwd: string
  startedAt: number
  case: string | null
  streamFallback: boolean
  hang: boolean
}

const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'bolt-plugin-e2e-'))
process.on('exit', () => fs.rmSync(tmpRoot, { recursive: true, force: true }))

/** A fresh, empty FAKE_BOLT_LOG path. */
export function newLogFile(): string {
  return path.join(fs.mkdtempSync(path.join(tmpRoot, 'log-')), 'fake-bolt.log')
}

/** The invocations the fake logged so far (none when it was never run). */
export function readLog(file: string): FakeBoltLogEntry[] {
  if (!fs.existsSync(file)) return []
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as FakeBoltLogEntry)
}

/** The logged invocations whose first two argv words are `action` (`command run`, `task run`, ...). */
export function runsOf(file: string, action: string): FakeBoltLogEntry[] {
  return readLog(file).filter((entry) => entry.argv.slice(0, 2).join(' ') === action)
}

/** The value of `--targets` in an argv, split at commas. */
export function targetsOf(argv: readonly string[]): string[] {
  const index = argv.indexOf('--targets')
  return index < 0 ? [] : (argv[index + 1] ?? '').split(',')
}

/** Options for boltPlugin pointing at the fake and the recorded project, logging to `log`. */
export function fakeBoltOptions(log: string, extra: Partial<BoltPluginOptions> & { fakeEnv?: Record<string, string> } = {}): BoltPluginOptions {
  const { fakeEnv, ...rest } = extra
  return { boltPath: FAKE_BOLT, projectDir: PROJECT_DIR, ...rest, env: { FAKE_BOLT_LOG: log, ...fakeEnv, ...rest.env } }
}

/** Records what the loader imports; turns the package's dist/ entries into src/ (the tests run the sources). */
export function recordingImporter(): { imported: string[]; import: (specifier: string) => Promise<unknown> } {
  const imported: string[] = []
  return {
    imported,
    import: (specifier: string) => {
      imported.push(specifier)
      return import(specifier.replace(/dist\/index\.(c?js)$/, 'src/index.ts'))
    },
  }
}

/** Loads the plugin through PluginLoader, from its source entry inside the package. */
export async function loadBoltPlugin(options: BoltPluginOptions): Promise<LoadedPlugin & { imported: string[] }> {
  const importer = recordingImporter()
  const loader = new PluginLoader({ import: importer.import })
  const loaded = await loader.load({ module: SOURCE_ENTRY, options })
  return { ...loaded, imported: importer.imported }
}

/** A test Capstan (validateOutput on) with the Bolt plugin loaded through PluginLoader. */
export async function boltCapstan(log: string, extra: Partial<BoltPluginOptions> & { fakeEnv?: Record<string, string> } = {}, capstanOptions: CapstanOptions = {}) {
  const { plugin } = await loadBoltPlugin(fakeBoltOptions(log, extra))
  return createTestCapstan({ ...capstanOptions, plugins: [plugin, ...(capstanOptions.plugins ?? [])] })
}

/** The same, with the plugin made by its factory directly (option and init tests). */
export function boltCapstanDirect(options: BoltPluginOptions, capstanOptions: CapstanOptions = {}) {
  return createTestCapstan({ ...capstanOptions, plugins: [boltPlugin(options), ...(capstanOptions.plugins ?? [])] })
}

/** Every event of an execution, collected until it ends. */
export async function collectEvents(run: AsyncIterable<ExecutionEvent>): Promise<ExecutionEvent[]> {
  const events: ExecutionEvent[] = []
  for await (const event of run) events.push(event)
  return events
}

/** One recorded item of a sample, from its .out with the `--stream` lines dropped. */
export interface SampleItem {
  target: string
  action: string
  object: string | null
  status: string
  value: Record<string, unknown>
}

/** The items of a recorded run. */
export function sampleItems(name: string): SampleItem[] {
  const out = fs.readFileSync(path.join(SAMPLES_DIR, `${name}.out`), 'utf8')
  const document = out
    .split('\n')
    .filter((line) => !/^\[[^\]\n]+\] (?:out|err): /.test(line))
    .join('\n')
  return (JSON.parse(document) as { items: SampleItem[] }).items
}

/** The recorded item of `target` in a sample. */
export function sampleItem(name: string, target: string): SampleItem {
  const item = sampleItems(name).find((i) => i.target === target)
  if (item === undefined) throw new Error(`sample ${name} has no item for ${target}`)
  return item
}

/** The `_error` of a recorded item (or of the document, for Bolt-level failures). */
export function sampleError(name: string): { kind: string; msg: string; details?: unknown } {
  const out = JSON.parse(fs.readFileSync(path.join(SAMPLES_DIR, `${name}.out`), 'utf8')) as { _error?: { kind: string; msg: string } }
  if (out._error === undefined) throw new Error(`sample ${name} has no top-level _error`)
  return out._error
}

/** Polls `check` every 10 ms until it returns a value other than undefined; fails after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => T | undefined, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = check()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

export { rejection } from '@capstan/test-support/async'
