// The built `capstan` bin as a real process: generated help, flag parsing,
// exit codes, NDJSON streaming, and a configuration that loads a plugin.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { capabilityCatalog } from '../../src/capabilities/catalog.js'
import { scratchDir } from '@capstan/test-support/scratch-dir'
import { cliPath, repoRoot, runCli } from './built-cli.js'

const inventoryFake = join(repoRoot, 'test/fixtures/plugins/inventory-fake')

describe('capstan (the built bin)', { timeout: 30_000 }, () => {
  it('--help lists a command for every capability in the catalog, without loading plugins', async () => {
    const run = await runCli(['--help'])
    expect(run.code).toBe(0)
    for (const descriptor of capabilityCatalog) {
      const [type, operation] = descriptor.id.split('.') as [string, string]
      expect(run.stdout, descriptor.id).toContain(`capstan ${type} ${operation.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`)
    }
    expect(run.stderr).toBe('')
  })

  it('shows a command\'s flags, with types, choices and defaults, from its input schema', async () => {
    const run = await runCli(['command', 'execute', '--help'])
    expect(run.code).toBe(0)
    for (const flag of ['--targets', '--command', '--env', '--timeout-ms', '--cwd', '--run-as']) expect(run.stdout).toContain(flag)
    const reports = await runCli(['help', 'reports', 'query'])
    expect(reports.stdout).toMatch(/--status <[a-z|]+>/)
  })

  it('runs a command on localhost with the built-in local plugin and exits 0', async () => {
    const run = await runCli(['command', 'execute', '--targets', 'localhost', '--command', 'echo hello from capstan'], { cwd: scratchDir('capstan-cli-') })
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/localhost.*hello from capstan/)
  })

  it('exits 1 when a node fails, and says which', async () => {
    const run = await runCli(['command', 'execute', '--targets', 'localhost', '--command', 'echo broken >&2; exit 3'], { cwd: scratchDir('capstan-cli-') })
    expect(run.code).toBe(1)
    expect(run.stdout + run.stderr).toMatch(/broken/)
  })

  it('streams --ndjson events as they arrive: each line parses, and the first output comes before the command ends', async () => {
    const run = await runCli(['command', 'execute', '--targets', 'localhost', '--command', 'echo first; sleep 1.5; echo second', '--ndjson'], { cwd: scratchDir('capstan-cli-') })
    expect(run.code).toBe(0)
    const events = run.lines.map((line) => ({ ...line, event: JSON.parse(line.text) as { type: string; chunk?: string } }))
    const first = events.find((e) => e.event.type === 'node:output' && e.event.chunk?.includes('first'))
    expect(first).toBeDefined()
    expect(run.exitedAt - first!.at).toBeGreaterThanOrEqual(1_000)
    expect(events.at(-1)?.event.type).toBe('finished')
  })

  it('--json prints one JSON document', async () => {
    const run = await runCli(['inventory', 'list', '--json'], { cwd: scratchDir('capstan-cli-') })
    expect(run.code).toBe(0)
    const parsed = JSON.parse(run.stdout) as { nodes: Array<{ id: string }> }
    expect(parsed.nodes.map((n) => n.id)).toContain('localhost')
  })

  it.each([
    [['command', 'execute', '--targets', 'localhost', '--comand', 'true'], /--comand/, /--command/],
    [['comand', 'execute'], /Unknown command "comand"/, /command/],
    [['command', 'execute', '--targets', 'localhost', '--command', 'true', '--timeout-ms', 'soon'], /--timeout-ms/, undefined],
    [['reports', 'query', '--status', 'broken'], /--status/, undefined],
  ])('exits 2 on %j, naming the problem', async (args, problem, suggestion) => {
    const run = await runCli(args, { cwd: scratchDir('capstan-cli-') })
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(problem)
    if (suggestion !== undefined) expect(run.stderr).toMatch(suggestion)
    expect(run.stdout).toBe('')
  })

  it('exits 2 with each bad field when the input fails validation', async () => {
    const run = await runCli(['command', 'execute', '--targets', 'localhost', '--command', 'true', '--timeout-ms=-5'], { cwd: scratchDir('capstan-cli-') })
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/--timeout-ms/)
  })

  it('loads the plugins a config file names: their capabilities and nodes appear', async () => {
    const dir = scratchDir('capstan-cli-config-')
    writeFileSync(join(dir, 'capstan.config.json'), JSON.stringify({ plugins: [{ module: inventoryFake }] }))
    const caps = await runCli(['capabilities', '--json'], { cwd: dir })
    expect(caps.code).toBe(0)
    const list = JSON.parse(caps.stdout) as Array<{ id: string; providers: Array<{ plugin: string }> }>
    expect(list.find((c) => c.id === 'inventory.list')?.providers.map((p) => p.plugin)).toContain('inventory-fake')
    const inventory = await runCli(['inventory', 'list'], { cwd: dir })
    expect(inventory.code).toBe(0)
    expect(inventory.stdout).toContain('web01.example.com')
    const help = await runCli(['inventory', 'list', '--help'], { cwd: dir })
    expect(help.stdout).toContain('inventory-fake')
  })

  it('answers --help without importing the configured plugins\' code', async () => {
    const dir = scratchDir('capstan-cli-lazy-')
    const pkg = join(dir, 'marker-plugin')
    const marker = join(dir, 'imported')
    mkdirSync(pkg)
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'marker-plugin', version: '1.0.0', type: 'module', main: 'index.js', capstan: { plugin: './plugin.json' } }))
    writeFileSync(join(pkg, 'plugin.json'), JSON.stringify({ name: 'marker', version: '1.0.0', core: '^0.1.0', capabilities: ['inventory.list'], cli: { hints: { 'inventory.list': { examples: ['capstan inventory list --plugin marker'] } } } }))
    writeFileSync(join(pkg, 'index.js'), `import { writeFileSync } from 'node:fs'\nwriteFileSync(${JSON.stringify(marker)}, 'imported')\nexport default () => { throw new Error('not for this test') }\n`)
    writeFileSync(join(dir, 'capstan.config.json'), JSON.stringify({ plugins: [{ module: './marker-plugin' }] }))
    const help = await runCli(['--help'], { cwd: dir })
    const commandHelp = await runCli(['inventory', 'list', '--help'], { cwd: dir })
    expect(help.code).toBe(0)
    expect(commandHelp.stdout).toContain('capstan inventory list --plugin marker')
    expect(commandHelp.stdout).toContain('marker')
    expect(existsSync(marker)).toBe(false)
  })

  it('keeps the journal in host.journal.dir across commands: a command\'s entry, a note, then both listed by a later command', async () => {
    const dir = scratchDir('capstan-cli-journal-')
    writeFileSync(join(dir, 'capstan.config.json'), JSON.stringify({ host: { journal: { dir: './var/journal' } } }))
    const ran = await runCli(['command', 'execute', '--targets', 'localhost', '--command', 'echo journaled'], { cwd: dir })
    expect(ran.code, ran.stderr).toBe(0)
    const added = await runCli(['journal', 'add', 'localhost', '--message', 'replaced disk', '--json'], { cwd: dir })
    expect(added.code, added.stderr).toBe(0)
    expect(JSON.parse(added.stdout)).toMatchObject({ appended: true, entry: { node: 'localhost', kind: 'note', summary: 'replaced disk' } })
    const listed = await runCli(['journal', 'list', '--node', 'localhost', '--json'], { cwd: dir })
    expect(listed.code, listed.stderr).toBe(0)
    const { entries } = JSON.parse(listed.stdout) as { entries: Array<{ summary: string; body: { stdout?: string } }> }
    expect(entries.map((e) => e.summary)).toEqual(['replaced disk', 'command.execute: success (exit 0)'])
    expect(entries[1]?.body.stdout).toBe('journaled\n')
    expect(existsSync(join(dir, 'var', 'journal'))).toBe(true)
  })

  it('runs Bolt\'s `capstan command run` as `command execute`', async () => {
    const run = await runCli(['command', 'run', '--targets', 'localhost', '--command', 'echo hello from an alias'], { cwd: scratchDir('capstan-cli-') })
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/localhost.*hello from an alias/)
  })

  it('Ctrl-C cancels the running command, then exits 130', async () => {
    const interrupted: number[] = []
    const run = await runCli(['command', 'execute', '--targets', 'localhost', '--command', 'echo command-is-running; sleep 20; echo not-reached', '--ndjson'], {
      cwd: scratchDir('capstan-cli-'),
      onLine: (text, child) => {
        if (text.includes('command-is-running') && interrupted.length === 0) interrupted.push(Date.now(), Number(child.kill('SIGINT')))
      },
    })
    expect(interrupted).toHaveLength(2)
    expect(run.code).toBe(130)
    const events = run.lines.map((line) => JSON.parse(line.text) as { type: string; result?: { nodes: Array<{ status: string }> } })
    expect(events.at(-1)).toMatchObject({ type: 'finished', result: { nodes: [{ status: 'cancelled' }] } })
    expect(run.stdout).not.toContain('not-reached')
    expect(Date.now() - interrupted[0]!).toBeLessThan(10_000)
  })

  it('a second Ctrl-C exits 130 at once, without waiting for the cancelled command to stop', async () => {
    // The command ignores SIGTERM, so the cancel waits the kill grace (10 s here) before SIGKILL.
    const dir = scratchDir('capstan-cli-')
    writeFileSync(join(dir, 'capstan.config.json'), JSON.stringify({ host: { killGraceMs: 10_000 } }))
    let secondAt = 0
    const run = await runCli(['command', 'execute', '--targets', 'localhost', '--command', "trap '' TERM; echo command-is-running; sleep 4", '--ndjson'], {
      cwd: dir,
      onLine: (text, child) => {
        if (!text.includes('command-is-running') || secondAt !== 0) return
        child.kill('SIGINT')
        setTimeout(() => {
          secondAt = Date.now()
          child.kill('SIGINT')
        }, 300)
      },
    })
    expect(secondAt).toBeGreaterThan(0)
    expect(run.code).toBe(130)
    expect(Date.now() - secondAt).toBeLessThan(2_000)
  })

  it('says a plugin start failure on stderr once, before the output, with code and message; not for --help', async () => {
    const dir = scratchDir('capstan-cli-start-')
    writeFileSync(join(dir, 'inventory.yaml'), 'targets:\n  - web09: [\n')
    writeFileSync(join(dir, 'capstan.config.json'), JSON.stringify({ local: { inventoryFile: 'inventory.yaml' }, plugins: [{ module: inventoryFake }] }))
    const run = await runCli(['inventory', 'list', '--no-color'], { cwd: dir })
    const startLines = run.stderr.split('\n').filter((line) => line.includes('failed to start'))
    expect(startLines).toHaveLength(1)
    expect(startLines[0]).toMatch(new RegExp(`^warning: plugin local failed to start \\(CONFIG_ERROR\\): Invalid inventory file ${join(dir, 'inventory.yaml').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: YAML syntax error at line \\d+`))
    expect(run.stderr.split('\n')[0]).toBe(startLines[0])
    // The other source still answers; the result says which source is missing.
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('web01.example.com')
    expect(run.stdout).toContain('source local failed (PLUGIN_UNAVAILABLE)')

    const failing = await runCli(['inventory', 'list', '--plugin', 'local', '--no-color'], { cwd: dir })
    expect(failing.code).toBe(3)
    expect(failing.stderr.split('\n')[0]).toMatch(/^warning: plugin local failed to start \(CONFIG_ERROR\)/)
    expect(failing.stderr).toMatch(/error PLUGIN_UNAVAILABLE: Plugin local cannot serve inventory\.list: it failed to start \(CONFIG_ERROR: Invalid inventory file/)
    // A CLI run ends before a background retry or restartPlugin could help: the advice is to run again.
    expect(failing.stderr).toMatch(/Fix the cause, then run the command again\.\n/)
    expect(failing.stderr).not.toContain('restartPlugin')

    for (const args of [['--help'], ['inventory', 'list', '--help'], ['help', 'inventory']]) {
      const help = await runCli(args, { cwd: dir })
      expect(help.code, args.join(' ')).toBe(0)
      expect(help.stderr, args.join(' ')).toBe('')
    }
  })

  it('prints a bash completion script generated from the same commands', async () => {
    const run = await runCli(['completion', 'bash'])
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('complete -F')
    expect(run.stdout).toContain('execute')
  })

  it('is the package\'s `capstan` bin, with a node shebang', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { bin: Record<string, string> }
    expect(join(repoRoot, pkg.bin['capstan'] ?? '')).toBe(cliPath)
    expect(readFileSync(cliPath, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true)
  })
})
