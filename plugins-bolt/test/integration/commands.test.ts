// End to end: command.execute and script.execute through `capstan.invoke`, one
// bolt process per batch, answered by the fake bolt from the command_* and
// script_* recordings. Each test names the sample it replays.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import type { ExecutionEvent } from 'capstan'
import { testPlugin } from 'capstan/testing'
import { PROJECT_DIR, boltCapstan, collectEvents, newLogFile, readLog, rejection, runsOf, sampleError, sampleItem, sampleItems, targetsOf } from './support.js'

type NodeOutput = Extract<ExecutionEvent, { type: 'node:output' }>
type NodeFinished = Extract<ExecutionEvent, { type: 'node:finished' }>

const MIXED = 'if [ -n "$SSH_CONNECTION" ]; then echo ok over ssh; else echo boom >&2; exit 2; fi'
const STREAMED = 'for i in 1 2 3; do echo out$i; echo err$i >&2; sleep 0.3; done'

/**
 * Bolt's built-in `localhost` target is in no inventory file, so Bolt's own
 * inventory does not list it. A second inventory source that knows it lets the
 * core resolve it; the node has no executor of its own, so the Bolt plugin
 * runs it under the name `localhost`, as the recordings did.
 */
const builtinLocalhost = () =>
  testPlugin({ name: 'builtin', capabilities: { 'inventory.list': async () => ({ nodes: [{ id: 'localhost', transport: 'local' }] }) } })

describe('command.execute through capstan.invoke', () => {
  it('command_success: four successes in ONE bolt process, stdout as recorded (localhost from a second source)', async () => {
    const log = newLogFile()
    await using capstan = await boltCapstan(log, {}, { plugins: [builtinLocalhost()] })
    const run = await capstan.invoke('command.execute', { targets: ['ssh1', 'ssh2', 'local1', 'localhost'], command: 'uname -a' })
    const result = await run.result
    expect(result.status).toBe('success')
    expect(result.plugins).toEqual(['bolt'])
    const byNode = Object.fromEntries(result.nodes.map((n) => [n.node, [n.status, n.exitCode, n.stdout, n.stderr]]))
    expect(byNode).toEqual(
      Object.fromEntries(['local1', 'localhost', 'ssh1', 'ssh2'].map((target) => [target, ['success', 0, sampleItem('command_success', target).value['stdout'], '']])),
    )
    const runs = runsOf(log, 'command run')
    expect(runs).toHaveLength(1)
    expect(runs[0]?.case).toBe('command_success')
    // One argv entry for the command, the targets in one --targets, JSON and --stream, the project.
    expect(runs[0]?.argv.slice(0, 3)).toEqual(['command', 'run', 'uname -a'])
    expect(targetsOf(runs[0]?.argv ?? []).sort()).toEqual(['local1', 'localhost', 'ssh1', 'ssh2'])
    expect(runs[0]?.argv).toEqual(expect.arrayContaining(['--stream', '--format', 'json', '--project', PROJECT_DIR]))
  })

  it('command_mixed: success, failure with its exit code and stderr, error for the unreachable target; partial', async () => {
    const log = newLogFile()
    await using capstan = await boltCapstan(log)
    const run = await capstan.invoke('command.execute', { targets: ['ssh1', 'ssh2', 'local1', 'deadhost'], command: MIXED })
    const events = await collectEvents(run)
    const result = await run.result
    expect(result.status).toBe('partial')
    const byNode = Object.fromEntries(result.nodes.map((n) => [n.node, n]))
    expect(byNode['ssh1']).toMatchObject({ status: 'success', exitCode: 0, stdout: 'ok over ssh\n', stderr: '' })
    expect(byNode['ssh2']).toMatchObject({ status: 'success', exitCode: 0, stdout: 'ok over ssh\n', stderr: '' })
    expect(byNode['local1']).toMatchObject({
      status: 'failure',
      exitCode: 2,
      stdout: '',
      stderr: 'boom\n',
      error: { code: 'puppetlabs.tasks/command-error', message: 'The command failed with exit code 2' },
    })
    const dead = (sampleItem('command_mixed', 'deadhost').value as { _error: { kind: string; msg: string } })._error
    expect(byNode['deadhost']).toMatchObject({ status: 'error', exitCode: null, stdout: '', stderr: '', error: { code: dead.kind, message: dead.msg } })
    // Every node has exactly one node:finished event, matching its result.
    const finished = events.filter((e): e is NodeFinished => e.type === 'node:finished')
    expect(finished.map((e) => e.node).sort()).toEqual(['deadhost', 'local1', 'ssh1', 'ssh2'])
    expect(events.at(-1)?.type).toBe('finished')
    expect(runsOf(log, 'command run').map((e) => e.case)).toEqual(['command_mixed'])
  })

  it('command_unreachable: deadhost is an error with Bolt\'s kind as its code; the execution fails', async () => {
    const log = newLogFile()
    await using capstan = await boltCapstan(log)
    const run = await capstan.invoke('command.execute', { targets: 'deadhost', command: 'true' })
    const result = await run.result
    const recorded = (sampleItem('command_unreachable', 'deadhost').value as { _error: { kind: string; msg: string } })._error
    expect(result.status).toBe('failure')
    expect(result.nodes).toHaveLength(1)
    expect(result.nodes[0]).toMatchObject({ node: 'deadhost', status: 'error', exitCode: null, error: { code: 'puppetlabs.tasks/connect-error', message: recorded.msg } })
    expect(runsOf(log, 'command run').map((e) => e.case)).toEqual(['command_unreachable'])
  })

  it('command_env_var: env becomes `--env-var FOO=bar` and reaches the target', async () => {
    const log = newLogFile()
    await using capstan = await boltCapstan(log)
    const run = await capstan.invoke('command.execute', { targets: 'local1', command: 'echo "FOO=$FOO"', env: { FOO: 'bar' } })
    const result = await run.result
    expect(result.nodes).toEqual([expect.objectContaining({ node: 'local1', status: 'success', exitCode: 0, stdout: 'FOO=bar\n' })])
    const [entry] = runsOf(log, 'command run')
    expect(entry?.case).toBe('command_env_var')
    const at = entry?.argv.indexOf('--env-var') ?? -1
    expect(at).toBeGreaterThan(0)
    expect(entry?.argv[at + 1]).toBe('FOO=bar')
    // The command is one argv entry, quotes and $ as data.
    expect(entry?.argv[2]).toBe('echo "FOO=$FOO"')
  })

  it('command_stream_json: node:output chunks arrive over time; stdout and stderr per node as recorded', async () => {
    const log = newLogFile()
    await using capstan = await boltCapstan(log, { fakeEnv: { FAKE_BOLT_STREAM_INTERVAL_MS: '60' } })
    const run = await capstan.invoke('command.execute', { targets: ['ssh1', 'local1'], command: STREAMED })
    const events = await collectEvents(run)
    const result = await run.result
    expect(runsOf(log, 'command run').map((e) => [e.case, e.streamFallback])).toEqual([['command_stream_json', false]])

    const outputs = events.filter((e): e is NodeOutput => e.type === 'node:output')
    // Twelve stream lines, one event each, in Bolt's order, the newline Bolt strips put back.
    expect(outputs.map((e) => `[${e.node}] ${e.stream}: ${e.chunk}`)).toEqual(
      ['1', '2', '3'].flatMap((i) => [`[local1] stdout: out${i}\n`, `[local1] stderr: err${i}\n`, `[ssh1] stdout: out${i}\n`, `[ssh1] stderr: err${i}\n`]),
    )
    const first = Date.parse(outputs[0]?.timestamp ?? '')
    const last = Date.parse(outputs.at(-1)?.timestamp ?? '')
    expect(last - first).toBeGreaterThanOrEqual(150)
    // The first output came before any node finished: streamed, not replayed at the end.
    const firstFinished = events.find((e) => e.type === 'node:finished')
    expect(events.indexOf(outputs[0] as ExecutionEvent)).toBeLessThan(events.indexOf(firstFinished as ExecutionEvent))
    expect(Date.parse(firstFinished?.timestamp ?? '') - first).toBeGreaterThanOrEqual(150)

    expect(result.status).toBe('success')
    for (const target of ['ssh1', 'local1']) {
      const recorded = sampleItem('command_stream_json', target).value
      expect(result.nodes.find((n) => n.node === target)).toMatchObject({ status: 'success', exitCode: 0, stdout: recorded['stdout'], stderr: recorded['stderr'] })
    }
  })

  it('command_stream_nocolor: stream lines of one target; output not repeated from the result', async () => {
    const log = newLogFile()
    await using capstan = await boltCapstan(log)
    const run = await capstan.invoke('command.execute', { targets: 'local1', command: 'echo a; echo b >&2' })
    const events = await collectEvents(run)
    expect(runsOf(log, 'command run').map((e) => e.case)).toEqual(['command_stream_nocolor'])
    const outputs = events.filter((e): e is NodeOutput => e.type === 'node:output').map((e) => [e.stream, e.chunk])
    expect(outputs).toEqual([
      ['stdout', 'a\n'],
      ['stderr', 'b\n'],
    ])
    expect((await run.result).nodes[0]).toMatchObject({ node: 'local1', status: 'success', stdout: 'a\n', stderr: 'b\n' })
  })

  it('a recording without stream lines still yields each node\'s output, replayed from its result', async () => {
    // command_env_var was recorded without --stream: the fake answers the plugin's --stream request with it.
    const log = newLogFile()
    await using capstan = await boltCapstan(log)
    const run = await capstan.invoke('command.execute', { targets: 'local1', command: 'echo "FOO=$FOO"', env: { FOO: 'bar' } })
    const events = await collectEvents(run)
    expect(runsOf(log, 'command run').map((e) => e.streamFallback)).toEqual([true])
    expect(events.filter((e): e is NodeOutput => e.type === 'node:output').map((e) => [e.node, e.stream, e.chunk])).toEqual([['local1', 'stdout', 'FOO=bar\n']])
  })

  it('command_group_target: the core expands groups to member nodes, so Bolt is given the members, never the group names', async () => {
    // The recording ran `-t sshnodes,locals`. Capstan resolves a group to its member
    // nodes before any plugin runs (that is how RBAC and per-node results work), so the
    // plugin sends `--targets` with the four members. No recording has that target set:
    // the case cannot be replayed through Capstan. Its items (one success per member,
    // never a group) are mapped in test/remote-execution/item-to-node-event.test.ts. Here: the
    // expansion, and that output Bolt's JSON cannot be read from gives every node a
    // clear error result rather than a gap.
    const log = newLogFile()
    await using capstan = await boltCapstan(log)
    const run = await capstan.invoke('command.execute', { targets: ['sshnodes', 'locals'], command: 'echo $0' })
    const result = await run.result
    const runs = runsOf(log, 'command run')
    expect(runs).toHaveLength(1)
    expect(targetsOf(runs[0]?.argv ?? []).sort()).toEqual(['local1', 'local2', 'ssh1', 'ssh2'])
    expect(runs[0]?.case).toBeNull()
    expect(result.nodes.map((n) => n.node).sort()).toEqual(['local1', 'local2', 'ssh1', 'ssh2'])
    for (const node of result.nodes) {
      expect(node.status).toBe('error')
      expect(node.error?.code).toBe('PLUGIN_ERROR')
      expect(node.error?.message).toMatch(/^Bolt did not print a JSON result/)
    }
    // The members Bolt reports for a group target are the same four nodes.
    expect(sampleItems('command_group_target').map((i) => i.target).sort()).toEqual(['local1', 'local2', 'ssh1', 'ssh2'])
  })

  it('command_unknown_target: a name the core cannot resolve is NOT_FOUND before any bolt runs', async () => {
    const log = newLogFile()
    await using capstan = await boltCapstan(log)
    const error = await rejection(capstan.invoke('command.execute', { targets: 'nosuchgroup_xyz', command: 'true' }))
    expect(error.code).toBe('NOT_FOUND')
    expect(error.message).toContain('nosuchgroup_xyz')
    expect(runsOf(log, 'command run')).toEqual([])
    // Bolt itself would have tried the name as a host: that per-target error is in the recording.
    expect(sampleItem('command_unknown_target', 'nosuchgroup_xyz').status).toBe('failure')
  })

  it('a command with quotes, $() and a leading dash is one argv entry, after `--`', async () => {
    const log = newLogFile()
    await using capstan = await boltCapstan(log)
    const command = `-n "$(id)" 'x'`
    const run = await capstan.invoke('command.execute', { targets: 'local1', command })
    await run.result
    const [entry] = runsOf(log, 'command run')
    expect(entry?.argv.at(-1)).toBe(command)
    expect(entry?.argv.at(-2)).toBe('--')
  })
})

describe('script.execute through capstan.invoke', () => {
  const demo = path.join(PROJECT_DIR, 'scripts', 'demo.sh')

  it('script_success: the absolute script path, each argument its own argv entry', async () => {
    const log = newLogFile()
    await using capstan = await boltCapstan(log)
    const run = await capstan.invoke('script.execute', { targets: ['ssh1', 'local1'], script: demo, args: ['a', 'b', 'c d'] })
    const result = await run.result
    const [entry] = runsOf(log, 'script run')
    expect(entry?.case).toBe('script_success')
    expect(entry?.argv.slice(0, 6)).toEqual(['script', 'run', demo, 'a', 'b', 'c d'])
    expect(result.status).toBe('success')
    for (const target of ['ssh1', 'local1']) {
      const recorded = sampleItem('script_success', target).value
      expect(result.nodes.find((n) => n.node === target)).toMatchObject({ status: 'success', exitCode: 0, stdout: recorded['stdout'], stderr: recorded['stderr'] })
    }
    expect(result.nodes[0]?.stdout).toBe('script args: a b c d\n')
  })

  it('script_failure: EXIT_WITH=4 through --env-var, a failure with exit code 4', async () => {
    const log = newLogFile()
    await using capstan = await boltCapstan(log)
    const run = await capstan.invoke('script.execute', { targets: 'ssh1', script: demo, args: ['x'], env: { EXIT_WITH: '4' } })
    const result = await run.result
    const [entry] = runsOf(log, 'script run')
    expect(entry?.case).toBe('script_failure')
    expect(entry?.argv).toEqual(expect.arrayContaining(['--env-var', 'EXIT_WITH=4']))
    expect(result.status).toBe('failure')
    expect(result.nodes).toEqual([
      expect.objectContaining({
        node: 'ssh1',
        status: 'failure',
        exitCode: 4,
        stdout: 'script args: x\n',
        stderr: 'warn line\n',
        error: expect.objectContaining({ code: 'puppetlabs.tasks/command-error', message: 'The command failed with exit code 4' }),
      }),
    ])
  })

  it('a missing script is the host\'s VALIDATION_ERROR naming `script`, before any bolt runs', async () => {
    const log = newLogFile()
    await using capstan = await boltCapstan(log)
    const missing = path.join(PROJECT_DIR, 'scripts', 'nope.sh')
    const error = await rejection(capstan.invoke('script.execute', { targets: 'ssh1', script: missing }).then((run) => run.result))
    expect(error.code).toBe('VALIDATION_ERROR')
    expect(error.details.field).toBe('script')
    expect(runsOf(log, 'script run')).toEqual([])
  })

  it('script_missing: a script Bolt cannot find (gone after the host checked it) is Bolt\'s NOT_FOUND with its message, before any node event', async () => {
    const log = newLogFile()
    await using capstan = await boltCapstan(log)
    // The host sees a file; the fake answers any .../scripts/nope.sh with the recording, as Bolt would once it is gone.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'capstan-bolt-script-'))
    onTestFinished(() => fs.rmSync(dir, { recursive: true, force: true }))
    fs.mkdirSync(path.join(dir, 'scripts'))
    const vanishing = path.join(dir, 'scripts', 'nope.sh')
    fs.writeFileSync(vanishing, 'echo never run\n')
    const error = await rejection(capstan.invoke('script.execute', { targets: 'ssh1', script: vanishing }).then((run) => run.result))
    expect(runsOf(log, 'script run').map((e) => e.case)).toEqual(['script_missing'])
    expect(error.code).toBe('NOT_FOUND')
    expect(error.message).toContain(sampleError('script_missing').msg)

    // Through the facade: the result rejects too, and no node event was streamed.
    const run = capstan.script.execute({ targets: 'ssh1', script: vanishing })
    const seen: ExecutionEvent[] = []
    const iterated = (async () => {
      for await (const event of run) seen.push(event)
    })()
    await expect(run.result).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await iterated.catch(() => {})
    expect(seen.filter((e) => e.type.startsWith('node:'))).toEqual([])
    expect(readLog(log).filter((e) => e.case === 'script_missing')).toHaveLength(2)
  })
})
