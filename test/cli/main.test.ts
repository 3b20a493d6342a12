// runCli in-process with a fake terminal: aliases, their suggestions and help,
// and the exit code after Ctrl-C.
import { describe, expect, it } from 'vitest'
import type { CliIo } from '../../src/cli/cli-io.js'
import { ExitCode } from '../../src/cli/exit-codes.js'
import { runCli } from '../../src/cli/main.js'
import { JOURNAL_NOT_KEPT } from '../../src/cli/commands/open-capstan.js'
import { scratchDir } from '@capstan/test-support/scratch-dir'

async function run(argv: string[], signal?: AbortSignal): Promise<{ code: ExitCode; stdout: string; stderr: string }> {
  let stdout = ''
  let stderr = ''
  const io: CliIo = {
    argv,
    cwd: scratchDir('capstan-cli-main-'),
    env: { NO_COLOR: '1' },
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    version: '0.0.0-test',
    ...(signal === undefined ? {} : { signal }),
  }
  const code = await runCli(io)
  return { code, stdout, stderr }
}

describe('runCli aliases', () => {
  it('runs `capstan command run` as `capstan command execute` (Bolt\'s words)', async () => {
    const result = await run(['command', 'run', '--targets', 'localhost', '--command', 'echo via-alias'])
    expect(result.code).toBe(ExitCode.ok)
    expect(result.stdout).toMatch(/localhost.*via-alias/)
  })

  it('runs `capstan facts get` as `capstan info facts`', async () => {
    const result = await run(['facts', 'get', '--node', 'localhost', '--json'])
    expect(result.code).toBe(ExitCode.ok)
    expect(JSON.parse(result.stdout)).toMatchObject({ node: 'localhost' })
  })

  it('takes the node of `capstan facts get` as its argument, like --node, and refuses both with different nodes (exit 2)', async () => {
    const result = await run(['facts', 'get', 'localhost', '--json'])
    expect(result.code).toBe(ExitCode.ok)
    expect(JSON.parse(result.stdout)).toMatchObject({ node: 'localhost' })

    const both = await run(['facts', 'get', 'localhost', '--node', 'web02'])
    expect(both.code).toBe(ExitCode.usage)
    expect(both.stderr).toContain('error: capstan info facts was given the node twice: "localhost" as its argument and "web02" as --node; give one')
    expect(both.stdout).toBe('')
  })

  it('shows the argument in the command\'s help', async () => {
    const help = await run(['facts', 'get', '--help'])
    expect(help.stdout).toContain('Usage: capstan info facts <node> [flags]')
    expect(help.stdout).toMatch(/--node <string>\s+Node id; also the command's argument, without --node; required/)
  })

  it('suggests an alias for a typo of one, like for any command', async () => {
    const result = await run(['command', 'rn'])
    expect(result.code).toBe(ExitCode.usage)
    expect(result.stderr).toContain('Did you mean command run?')
    const facts = await run(['facst', 'get'])
    expect(facts.stderr).toContain('Did you mean facts?')
  })

  it('lists an alias-only word\'s operations', async () => {
    const result = await run(['facts'])
    expect(result.code).toBe(ExitCode.usage)
    expect(result.stderr).toContain('"capstan facts" needs an operation: get, show, refresh')
  })

  it('shows aliases in help: the list in `capstan --help`, and on the command\'s own help', async () => {
    const main = await run(['--help'])
    expect(main.stdout).toMatch(/Aliases\n[\s\S]*capstan command run\s+= capstan command execute \(Bolt: bolt command run\)/)
    for (const argv of [['command', 'run', '--help'], ['help', 'command', 'run'], ['command', 'execute', '--help']]) {
      const help = await run(argv)
      expect(help.code, argv.join(' ')).toBe(ExitCode.ok)
      expect(help.stdout, argv.join(' ')).toContain('Usage: capstan command execute')
      expect(help.stdout, argv.join(' ')).toContain('Also: capstan command run')
    }
  })
})

describe('runCli interrupted', () => {
  it('exits 130 when Ctrl-C cancelled the running command', async () => {
    const controller = new AbortController()
    const started = Date.now()
    setTimeout(() => controller.abort(new Error('interrupted (Ctrl-C)')), 300)
    const result = await run(['command', 'execute', '--targets', 'localhost', '--command', 'sleep 20', '--json'], controller.signal)
    expect(result.code).toBe(ExitCode.interrupted)
    expect(result.code).toBe(130)
    expect(Date.now() - started).toBeLessThan(10_000)
    expect(JSON.parse(result.stdout)).toMatchObject({ nodes: [{ node: 'localhost', status: 'cancelled' }] })
  })
})

describe('runCli journal commands', () => {
  it('says when no host.journal.dir keeps the journal, once, on stderr; other commands say nothing of it', async () => {
    const listed = await run(['journal', 'list', '--json'])
    expect(listed.code).toBe(ExitCode.ok)
    expect(JSON.parse(listed.stdout)).toMatchObject({ entries: [] })
    expect(listed.stderr).toBe(`${JOURNAL_NOT_KEPT}\n`)
    const other = await run(['info', 'facts', '--node', 'localhost', '--json'])
    expect(other.stderr).not.toContain('journal')
  })
})

