// Every hint the CLI prints, triggered through the built bin and then followed
// as written: the word it suggests put in place of the typo, the command it names
// run, the file edited the way it says. Each test asserts that what the hint names
// then works, so a hint that cannot be followed (a config field the file rejects)
// fails here.
import { cpSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseCommandArgs, resolveAlias } from '../../src/cli/args/index.js'
import { generatedCommands } from '../../src/cli/generated/cli-commands.js'
import { extractGlobalFlags } from '../../src/cli/global-flags.js'
import { scratchDir } from '@capstan/test-support/scratch-dir'
import { repoRoot, runCli, type CliRun } from './built-cli.js'

const fixtures = join(repoRoot, 'test/fixtures/plugins')

/** The bin run in `cwd` (a scratch directory without configuration unless the test writes one), without colour. */
async function capstan(args: string[], cwd: string): Promise<CliRun> {
  return runCli(args, { cwd, env: { FORCE_COLOR: '0' } })
}

/** The part of `text` that `pattern`'s first group captures; fails the test when the hint is not there. */
function captured(text: string, pattern: RegExp): string {
  const match = pattern.exec(text)
  expect(match?.[1], `no ${pattern} in:\n${text}`).toBeDefined()
  return match![1]!
}

/** What "Did you mean X?" suggests. */
const suggestion = (run: CliRun) => captured(run.stderr, /^Did you mean (.+)\?$/m)

/** `args` with the words `typo` (one or more, in order) replaced by the words of `replacement`. */
function replaced(args: string[], typo: string[], replacement: string): string[] {
  const at = args.findIndex((_, i) => typo.every((word, j) => args[i + j] === word))
  expect(at, `${typo.join(' ')} in ${args.join(' ')}`).toBeGreaterThanOrEqual(0)
  return [...args.slice(0, at), ...replacement.split(' '), ...args.slice(at + typo.length)]
}

/** Expects a run that worked: exit 0 and nothing on stderr but what `allowed` matches. */
function expectWorked(run: CliRun, allowed?: RegExp): void {
  expect(run.code, run.stderr).toBe(0)
  for (const line of run.stderr.split('\n').filter((l) => l !== '')) expect(line).toMatch(allowed ?? /^$/)
}

/** `capstan inventory list` works in `dir`, with the fixture plugin's nodes listed. */
async function expectFixtureListed(dir: string): Promise<void> {
  const run = await capstan(['inventory', 'list'], dir)
  expectWorked(run)
  expect(run.stdout).toContain('web01.example.com')
}

function writeJson(file: string, value: unknown): void {
  writeFileSync(file, JSON.stringify(value, null, 2))
}

function readJson<T = Record<string, unknown>>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T
}

/** A copy of a fixture plugin at `<dir>/plugins/cmdb` (to break), and a configuration that loads it; returns its directory. */
function configuredPlugin(dir: string, fixture = 'inventory-fake'): string {
  const plugin = join(dir, 'plugins/cmdb')
  cpSync(join(fixtures, fixture), plugin, { recursive: true })
  writeFileSync(join(dir, 'capstan.config.yaml'), 'plugins:\n  - ./plugins/cmdb\n')
  return plugin
}

describe('usage hints, followed as written', { timeout: 60_000 }, () => {
  it('"Did you mean <type>?" for a mistyped command type', async () => {
    const dir = scratchDir('capstan-hint-')
    const typo = await capstan(['inventroy', 'list'], dir)
    expect(typo.code).toBe(2)
    const run = await capstan(replaced(['inventroy', 'list'], ['inventroy'], suggestion(typo)), dir)
    expectWorked(run)
    expect(run.stdout).toContain('localhost')
  })

  it('"Did you mean <type> <operation>?" for a mistyped operation', async () => {
    const dir = scratchDir('capstan-hint-')
    const args = ['inventory', 'lst']
    const typo = await capstan(args, dir)
    expect(typo.code).toBe(2)
    expectWorked(await capstan(replaced(args, args, suggestion(typo)), dir))
  })

  it('"Did you mean <type>?" for a mistyped help topic', async () => {
    const dir = scratchDir('capstan-hint-')
    const typo = await capstan(['help', 'inventroy'], dir)
    const run = await capstan(['help', suggestion(typo)], dir)
    expectWorked(run)
    expect(run.stdout).toContain('Usage: capstan inventory <operation>')
  })

  it('"Did you mean --<flag>?" for a mistyped flag', async () => {
    const dir = scratchDir('capstan-hint-')
    const args = ['command', 'execute', '--targets', 'localhost', '--comand', 'echo hi']
    const typo = await capstan(args, dir)
    expect(typo.code).toBe(2)
    const run = await capstan(replaced(args, ['--comand'], suggestion(typo)), dir)
    expectWorked(run)
    expect(run.stdout).toMatch(/localhost.*hi/)
  })

  it('"Did you mean --<flag> <choice>?" for a mistyped choice', async () => {
    const dir = scratchDir('capstan-hint-')
    writeJson(join(dir, 'capstan.config.json'), { plugins: [join(repoRoot, 'test/fixtures/cli-plugins/events-fake')] })
    const args = ['events', 'query', '--status', 'failur']
    const typo = await capstan(args, dir)
    expect(typo.code).toBe(2)
    expect(suggestion(typo)).toBe('--status failure')
    expectWorked(await capstan(replaced(args, ['--status', 'failur'], suggestion(typo)), dir))
  })

  it('"Run `capstan --help` for the commands." after every usage error', async () => {
    const dir = scratchDir('capstan-hint-')
    const typo = await capstan(['inventory'], dir)
    expect(typo.stderr).toContain('needs an operation')
    const named = captured(typo.stderr, /^Run `capstan ([^`]+)` for the commands\.$/m)
    const run = await capstan(named.split(' '), dir)
    expectWorked(run)
    expect(run.stdout).toContain('capstan inventory list')
  })

  it('"Run `capstan <type> <operation> --help` for its flags." in a type\'s help, with an operation it lists', async () => {
    const dir = scratchDir('capstan-hint-')
    const help = await capstan(['inventory', '--help'], dir)
    const named = captured(help.stdout, /^Run `capstan ([^`]+)` for its flags\.$/m)
    const operation = captured(help.stdout, /^Operations\n {2}(\S+)/m)
    const run = await capstan(named.replace('<operation>', operation).split(' '), dir)
    expectWorked(run)
    expect(run.stdout).toContain(`Usage: capstan inventory ${operation}`)
  })

  it('"e.g. --<flag> <value> (it also needs --<flag>)" for an argument a command does not take', async () => {
    const dir = scratchDir('capstan-hint-')
    const wrong = await capstan(['command', 'execute', 'localhost'], dir)
    expect(wrong.code).toBe(2)
    const example = captured(wrong.stderr, /e\.g\. (--\S+ \S+)/).split(' ')
    const needs = captured(wrong.stderr, /it also needs (--\S+)\)/)
    const run = await capstan(['command', 'execute', ...example, needs, 'echo hi'], dir)
    expectWorked(run)
    expect(run.stdout).toMatch(/localhost.*hi/)
  })

  it('"needs --<flag>" for a missing required flag', async () => {
    const dir = scratchDir('capstan-hint-')
    const args = ['command', 'execute', '--targets', 'localhost']
    const missing = await capstan(args, dir)
    expect(missing.code).toBe(2)
    expectWorked(await capstan([...args, captured(missing.stderr, /needs (--\S+)/), 'echo hi'], dir))
  })

  it('"write --<flag> or --no-<flag>" for an on/off flag given a value', async () => {
    const dir = scratchDir('capstan-hint-')
    const wrong = await capstan(['inventory', 'list', '--refresh=yes'], dir)
    expect(wrong.code).toBe(2)
    const [on, off] = captured(wrong.stderr, /write (--\S+ or --\S+)/).split(' or ') as [string, string]
    expectWorked(await capstan(['inventory', 'list', on], dir))
    expectWorked(await capstan(['inventory', 'list', off], dir))
  })

  it('"write --<flag>=-<value>" for a value that starts with -', async () => {
    const dir = scratchDir('capstan-hint-')
    const args = ['script', 'execute', '--targets', 'localhost', '--script', '/bin/echo', '--args', '-n']
    const wrong = await capstan(args, dir)
    expect(wrong.code).toBe(2)
    const written = captured(wrong.stderr, /\(write (\S+) for a value starting with -\)/)
    expectWorked(await capstan(replaced(args, ['--args', '-n'], written), dir))
  })

  it('"expects KEY=value ..., a JSON object such as ..., or @file.json": each form works', async () => {
    const dir = scratchDir('capstan-hint-')
    const args = ['command', 'execute', '--targets', 'localhost', '--command', 'echo "[$FOO]"', '--env']
    const wrong = await capstan([...args, 'FOO'], dir)
    expect(wrong.code).toBe(2)
    expect(wrong.stderr).toContain(`--env expects KEY=value (repeat the flag for more), a JSON object such as '{"key":"value"}', or @file.json`)
    writeJson(join(dir, 'env.json'), { FOO: 'from a file' })
    for (const [value, printed] of [['FOO=bar', '[bar]'], ['{"FOO":"json"}', '[json]'], ['@env.json', '[from a file]']] as const) {
      const run = await capstan([...args, value], dir)
      expectWorked(run)
      expect(run.stdout).toContain(printed)
    }
  })

  it('"it takes one value (or repeat it as KEY=value pairs)" for a flag given twice', async () => {
    const dir = scratchDir('capstan-hint-')
    const base = ['command', 'execute', '--targets', 'localhost', '--command']
    const twice = await capstan([...base, 'echo a', '--command', 'echo b'], dir)
    expect(twice.stderr).toContain('--command was given 2 times; it takes one value')
    expectWorked(await capstan([...base, 'echo a'], dir))

    const objects = await capstan([...base, 'echo "$A$B"', '--env', '{"A":"1"}', '--env', '{"B":"2"}'], dir)
    expect(objects.stderr).toContain('(or repeat it as KEY=value pairs)')
    const pairs = await capstan([...base, 'echo "$A$B"', '--env', 'A=1', '--env', 'B=2'], dir)
    expectWorked(pairs)
    expect(pairs.stdout).toMatch(/localhost.*12/)
  })

  it('"give one" when a node comes both as the argument and as its flag', async () => {
    const dir = scratchDir('capstan-hint-')
    const twice = await capstan(['facts', 'get', 'localhost', '--node', 'other'], dir)
    expect(twice.stderr).toContain('give one')
    expectWorked(await capstan(['facts', 'get', 'localhost'], dir))
    expectWorked(await capstan(['facts', 'get', '--node', 'localhost'], dir))
  })

  it('"needs a shell: bash or zsh" for `capstan completion`', async () => {
    const dir = scratchDir('capstan-hint-')
    const wrong = await capstan(['completion'], dir)
    expect(wrong.code).toBe(2)
    for (const shell of captured(wrong.stderr, /needs a shell: (\S+ or \S+)/).split(' or ')) {
      const run = await capstan(['completion', shell], dir)
      expectWorked(run)
      expect(run.stdout).toContain('capstan')
    }
  })
})

describe('configuration hints, followed as written', { timeout: 60_000 }, () => {
  it('"install it there, or set `from` ...": both work, and --help says the same', async () => {
    const dir = scratchDir('capstan-hint-')
    writeFileSync(join(dir, 'capstan.config.yaml'), 'plugins:\n  - capstan-fixture-inventory-fake\n')
    const missing = await capstan(['inventory', 'list'], dir)
    expect(missing.code).toBe(2)
    const hint = `cannot find the package from ${dir}: install it there, or set \`from\` to the directory whose node_modules holds it`
    expect(missing.stderr).toContain(`plugins[0] (capstan-fixture-inventory-fake): capstan-fixture-inventory-fake: module: ${hint}`)
    // Said once: the command's error, no warning before it.
    expect(missing.stderr.split('\n').filter((line) => line.includes(hint))).toHaveLength(1)
    expect((await capstan(['--help'], dir)).stderr).toContain(hint)

    // Set `from` to the directory whose node_modules holds it (relative to the configuration file).
    cpSync(join(fixtures, 'inventory-fake'), join(dir, 'vendor/node_modules/capstan-fixture-inventory-fake'), { recursive: true })
    writeFileSync(join(dir, 'capstan.config.yaml'), 'plugins:\n  - module: capstan-fixture-inventory-fake\n    from: vendor\n')
    await expectFixtureListed(dir)
    expectWorked(await capstan(['inventory', 'list', '--help'], dir))

    // Or install it there: into the node_modules of the directory the message names.
    renameSync(join(dir, 'vendor/node_modules'), join(dir, 'node_modules'))
    writeFileSync(join(dir, 'capstan.config.yaml'), 'plugins:\n  - capstan-fixture-inventory-fake\n')
    await expectFixtureListed(dir)
  })

  it('"a plugin directory is a package, e.g. { ... }": that package.json makes it load', async () => {
    const dir = scratchDir('capstan-hint-')
    const plugin = configuredPlugin(dir)
    rmSync(join(plugin, 'package.json'))
    const wrong = await capstan(['inventory', 'list'], dir)
    expect(wrong.code).toBe(2)
    writeFileSync(join(plugin, 'package.json'), captured(wrong.stderr, /a plugin directory is a package, e\.g\. (\{.*\})$/m))
    await expectFixtureListed(dir)
  })

  it('"names its manifest here, e.g. "capstan": { ... }": adding it to package.json makes it load', async () => {
    const dir = scratchDir('capstan-hint-')
    const plugin = configuredPlugin(dir)
    const { capstan: _field, ...withoutField } = readJson<Record<string, unknown>>(join(plugin, 'package.json'))
    writeJson(join(plugin, 'package.json'), withoutField)
    const wrong = await capstan(['inventory', 'list'], dir)
    expect(wrong.code).toBe(2)
    const field = JSON.parse(`{${captured(wrong.stderr, /names its manifest here, e\.g\. ("capstan": \{.*\})$/m)}}`) as Record<string, unknown>
    writeJson(join(plugin, 'package.json'), { ...withoutField, ...field })
    await expectFixtureListed(dir)
  })

  it('"does not exist (is the package built?)": building it makes it load', async () => {
    const dir = scratchDir('capstan-hint-')
    const plugin = configuredPlugin(dir)
    writeJson(join(plugin, 'package.json'), { ...readJson<Record<string, unknown>>(join(plugin, 'package.json')), exports: './dist/index.js' })
    const wrong = await capstan(['inventory', 'list'], dir)
    const missingFile = captured(wrong.stderr, /(\S+) does not exist \(is the package built\?\)/)
    // The build: what a package's build script does, put the entry where package.json says.
    mkdirSync(join(plugin, 'dist'))
    cpSync(join(plugin, 'index.js'), missingFile)
    await expectFixtureListed(dir)
  })

  it('"name the factory here": naming it in plugin.json entry.factory makes it load', async () => {
    const dir = scratchDir('capstan-hint-')
    const plugin = configuredPlugin(dir)
    writeFileSync(join(plugin, 'index.js'), readFileSync(join(plugin, 'index.js'), 'utf8').replace('export function inventoryFakePlugin(', 'export function createInventory('))
    const wrong = await capstan(['inventory', 'list'], dir)
    expect(wrong.stderr).toContain('name the factory here')
    const [file, field] = captured(wrong.stderr, /: (\S+plugin\.json: \S+): .*name the factory here/).split(': ') as [string, string]
    expect(field).toBe('entry.factory')
    expect(captured(wrong.stderr, /function exports: ([^)]*)\)/).split(', ')).toContain('createInventory')
    writeJson(file, { ...readJson<Record<string, unknown>>(file), entry: { factory: 'createInventory' } })
    await expectFixtureListed(dir)
  })

  it('"add it to capabilities": declaring it in plugin.json makes it load', async () => {
    const dir = scratchDir('capstan-hint-')
    const plugin = configuredPlugin(dir, 'undeclared-capability')
    const wrong = await capstan(['inventory', 'list'], dir)
    const undeclared = captured(wrong.stderr, /the plugin provides "([^"]+)", not declared here; add it to capabilities/)
    const manifest = readJson<{ capabilities: string[] }>(join(plugin, 'plugin.json'))
    writeJson(join(plugin, 'plugin.json'), { ...manifest, capabilities: [...manifest.capabilities, undeclared] })
    expectWorked(await capstan(['inventory', 'list'], dir))
  })

  it('"did you mean "<capability>"?" for a mistyped capability in plugin.json', async () => {
    const dir = scratchDir('capstan-hint-')
    const plugin = configuredPlugin(dir)
    const manifest = readJson<{ capabilities: string[] }>(join(plugin, 'plugin.json'))
    writeJson(join(plugin, 'plugin.json'), { ...manifest, capabilities: ['inventry.list'] })
    const wrong = await capstan(['inventory', 'list'], dir)
    const meant = captured(wrong.stderr, /unknown capability "inventry\.list" \(did you mean "([^"]+)"\?\)/)
    writeJson(join(plugin, 'plugin.json'), { ...manifest, capabilities: [meant] })
    await expectFixtureListed(dir)
  })

  it('"write `export default { plugins: [...] }`" for a module configuration without a default export', async () => {
    const dir = scratchDir('capstan-hint-')
    writeFileSync(join(dir, 'capstan.config.mjs'), 'export const plugins = []\n')
    const wrong = await capstan(['inventory', 'list'], dir)
    expect(wrong.code).toBe(2)
    const written = captured(wrong.stderr, /write `([^`]+)`/).replace('...', '')
    writeFileSync(join(dir, 'capstan.config.mjs'), `${written}\n`)
    expectWorked(await capstan(['inventory', 'list'], dir))
  })

  it('"use .mjs, .js, .json, .yaml or .yml" for a configuration file of another kind', async () => {
    const dir = scratchDir('capstan-hint-')
    writeFileSync(join(dir, 'ops.toml'), 'host:\n  concurrency: 5\n')
    const wrong = await capstan(['inventory', 'list', '--config', 'ops.toml'], dir)
    expect(wrong.code).toBe(2)
    const extensions = captured(wrong.stderr, /use (\.mjs, .*\.yml)/).split(/, | or /)
    expect(extensions).toContain('.yaml')
    renameSync(join(dir, 'ops.toml'), join(dir, 'ops.yaml'))
    expectWorked(await capstan(['inventory', 'list', '--config', 'ops.yaml'], dir))
  })

  it('"Fix the cause, then run the command again." for a plugin that failed to start', async () => {
    const dir = scratchDir('capstan-hint-')
    writeFileSync(join(dir, 'capstan.config.yaml'), 'local:\n  inventoryFile: inventory.yaml\n')
    writeFileSync(join(dir, 'inventory.yaml'), 'groups: [\n')
    const wrong = await capstan(['inventory', 'list'], dir)
    expect(wrong.code).toBe(3)
    expect(wrong.stderr).toContain('Fix the cause, then run the command again.')
    expect(wrong.stderr).toContain(`Invalid inventory file ${join(dir, 'inventory.yaml')}`)
    writeFileSync(join(dir, 'inventory.yaml'), 'targets:\n  - web01.example.com\n')
    await expectFixtureListed(dir)
  })
})

describe('the example command lines the plugins ship (plugin.json cli.hints), shown by --help', () => {
  const examples = ['bolt', 'puppetdb', 'ssh'].flatMap((name) => {
    const manifest = readJson<{ cli?: { hints?: Record<string, { examples?: string[] }> } }>(join(repoRoot, `plugins-${name}`, 'plugin.json'))
    return Object.entries(manifest.cli?.hints ?? {}).flatMap(([id, hint]) => (hint.examples ?? []).map((line) => [name, line, id] as const))
  })

  it('finds some', () => {
    expect(examples.length).toBeGreaterThan(0)
  })

  // Running them needs each plugin's backend; here each must name a command of the CLI, for its capability, with flags it takes.
  it.each(examples)('%s: `%s` is a command line the CLI takes, for %s', (_plugin, line, id) => {
    const words = [...line.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? '')
    expect(words[0]).toBe('capstan')
    const { rest } = extractGlobalFlags(words.slice(1))
    const args = resolveAlias(rest, generatedCommands)
    const command = generatedCommands.find((c) => c.type === args[0] && c.operation === args[1])
    expect(command?.id, `${args.slice(0, 2).join(' ')} is no command`).toBe(id)
    expect(() => parseCommandArgs(args.slice(2), command!)).not.toThrow()
  })
})
