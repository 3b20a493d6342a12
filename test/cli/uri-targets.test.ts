// Issue 16 part 3 through the built bin: `capstan command execute --targets ssh://user@host:port`
// runs on a host no inventory lists, through the SSH plugin a config file wires.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { infraEnv } from '@capstan/test-support/infra-env'
import { needs } from '@capstan/test-support/requirement'
import { scratchDir } from '@capstan/test-support/scratch-dir'
import { sshdRunning } from '@capstan/test-support/sshd'
import { repoRoot, runCli } from './built-cli.js'

const env = infraEnv()
const uri = `ssh://${env.SSH_USER ?? 'capstan'}@${env.SSH_HOST ?? '127.0.0.1'}:${env.SSH_PORT ?? 2222}`

needs(sshdRunning).describe('capstan command execute with a uri target', () => {
  /** A directory whose config wires the SSH plugin with no host of its own, and the journal in a directory. */
  function configDir(): string {
    const dir = scratchDir('capstan-cli-uri-')
    const options = { hosts: [], privateKeyPath: env.SSH_KEY, knownHosts: join(env.SSH_INFRA ?? '', 'known_hosts'), connectTimeoutMs: 5_000 }
    writeFileSync(join(dir, 'capstan.config.json'), JSON.stringify({ local: false, host: { journal: { dir: './journal' } }, plugins: [{ module: join(repoRoot, 'plugins-ssh'), options }] }))
    return dir
  }

  it('runs on the host the uri names, exits 0, and journals it under the uri; inventory list stays empty', { timeout: 30_000 }, async () => {
    const dir = configDir()
    const run = await runCli(['command', 'execute', '--targets', uri, '--command', 'echo "hello from $(id -un)"', '--ndjson'], { cwd: dir })
    expect(run.code, run.stderr).toBe(0)
    const events = run.lines.map((line) => JSON.parse(line.text) as { type: string; node?: string; chunk?: string; result?: { status: string } })
    expect(events.filter((e) => e.type === 'node:output').map((e) => [e.node, e.chunk])).toEqual([[uri, `hello from ${env.SSH_USER ?? 'capstan'}\n`]])
    expect(events.find((e) => e.type === 'node:finished')).toMatchObject({ node: uri, result: { status: 'success' } })
    const journal = await runCli(['journal', 'list', '--node', uri, '--json'], { cwd: dir })
    expect(journal.code, journal.stderr).toBe(0)
    expect((JSON.parse(journal.stdout) as { entries: Array<{ node: string }> }).entries.map((e) => e.node)).toEqual([uri])
    const inventory = await runCli(['inventory', 'list', '--json'], { cwd: dir })
    expect((JSON.parse(inventory.stdout) as { nodes: unknown[] }).nodes).toEqual([])
  })

  it('refuses a transport no plugin runs, naming it, and exits non-zero without running anything', { timeout: 30_000 }, async () => {
    const run = await runCli(['command', 'execute', '--targets', 'winrm://win01.example.com', '--command', 'true'], { cwd: configDir() })
    expect(run.code).not.toBe(0)
    expect(run.stderr).toMatch(/winrm/)
    expect(run.stdout).toBe('')
  })
})
