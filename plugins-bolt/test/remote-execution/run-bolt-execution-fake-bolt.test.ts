// runBoltExecution with the argv builders against the fake bolt (../fake-bolt/bolt),
// which answers the recorded command lines with the recorded output.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CapstanError, type Node, type NodeEvent } from 'capstan'
import { afterAll, describe, expect, it } from 'vitest'
import { commandArgv, scriptArgv, taskArgv } from '../../src/bolt-cli/bolt-argv.js'
import { runBoltExecution } from '../../src/remote-execution/run-bolt-execution.js'
import { boltName, boltNode, projectDir } from '../support/samples.js'
import { collectEvents, eventually, isAlive } from './collect-events.js'

const fakeBolt = fileURLToPath(new URL('../fake-bolt/bolt', import.meta.url))
const tmp = mkdtempSync(join(tmpdir(), 'bolt-fake-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

const project = { projectDir }
const UNAME = 'Linux vm 6.18.44-fc-v595 #1 SMP PREEMPT_DYNAMIC @0 x86_64 GNU/Linux\n'

function run(argv: string[], names: string[], env: Record<string, string> = {}, signal = new AbortController().signal) {
  const nodes: Node[] = names.map((name) => boltNode(name))
  return runBoltExecution({ argv, boltPath: fakeBolt, nodes, targetName: boltName, signal, graceMs: 500, env: { FAKE_BOLT_STREAM_INTERVAL_MS: '30', ...env } })
}

const finished = (events: NodeEvent[]) => events.flatMap((event) => (event.type === 'node:finished' ? [[event.node, event.status, event.exitCode !== undefined ? event.exitCode : event.error?.code]] : []))

describe('runBoltExecution with the fake bolt', () => {
  it('command_success', async () => {
    const targets = ['ssh1', 'ssh2', 'local1', 'localhost']
    const { events, error } = await collectEvents(run(commandArgv({ ...project, command: 'uname -a', targets }), targets))
    expect(error).toBeUndefined()
    expect(events.slice(0, 4)).toEqual(targets.map((node) => ({ type: 'node:started', node })))
    expect(finished(events)).toEqual([['localhost', 'success', 0], ['local1', 'success', 0], ['ssh2', 'success', 0], ['ssh1', 'success', 0]])
    expect(events.filter((event) => event.type === 'node:output')).toEqual(
      ['localhost', 'local1', 'ssh2', 'ssh1'].map((node) => ({ type: 'node:output', node, stream: 'stdout', chunk: UNAME })),
    )
  })

  it('command_stream_json: the lines arrive over time, before the results', async () => {
    const command = 'for i in 1 2 3; do echo out$i; echo err$i >&2; sleep 0.3; done'
    const times: Array<[NodeEvent['type'], number]> = []
    const events: NodeEvent[] = []
    const start = performance.now()
    for await (const event of run(commandArgv({ ...project, command, targets: ['ssh1', 'local1'] }), ['ssh1', 'local1'])) {
      events.push(event)
      times.push([event.type, performance.now() - start])
    }
    const outputs = events.filter((event) => event.type === 'node:output')
    expect(outputs).toHaveLength(12)
    expect(outputs[0]).toEqual({ type: 'node:output', node: 'local1', stream: 'stdout', chunk: 'out1\n' })
    expect(finished(events)).toEqual([['local1', 'success', 0], ['ssh1', 'success', 0]])
    const firstOutput = times.find(([type]) => type === 'node:output')?.[1] ?? 0
    const firstFinished = times.find(([type]) => type === 'node:finished')?.[1] ?? 0
    // Twelve lines paced 30 ms apart: the first came well before the end.
    expect(firstFinished - firstOutput).toBeGreaterThan(200)
  })

  it('command_mixed and command_unknown_target', async () => {
    const command = 'if [ -n "$SSH_CONNECTION" ]; then echo ok over ssh; else echo boom >&2; exit 2; fi'
    const mixed = await collectEvents(run(commandArgv({ ...project, command, targets: ['ssh1', 'ssh2', 'local1', 'deadhost'] }), ['ssh1', 'ssh2', 'local1', 'deadhost']))
    expect(finished(mixed.events)).toEqual([['local1', 'failure', 2], ['deadhost', 'error', null], ['ssh2', 'success', 0], ['ssh1', 'success', 0]])
    const unknown = await collectEvents(run(commandArgv({ ...project, command: 'true', targets: ['nosuchgroup_xyz'] }), ['nosuchgroup_xyz']))
    expect(finished(unknown.events)).toEqual([['nosuchgroup_xyz', 'error', null]])
  })

  it('command_env_var: env reaches the target through --env-var', async () => {
    const { events } = await collectEvents(run(commandArgv({ ...project, command: 'echo "FOO=$FOO"', targets: ['local1'], env: { FOO: 'bar' } }), ['local1']))
    expect(events).toEqual([
      { type: 'node:started', node: 'local1' },
      { type: 'node:output', node: 'local1', stream: 'stdout', chunk: 'FOO=bar\n' },
      { type: 'node:finished', node: 'local1', status: 'success', exitCode: 0 },
    ])
  })

  it('script_success, script_failure and script_missing', async () => {
    const script = join(projectDir, 'scripts/demo.sh')
    const ok = await collectEvents(run(scriptArgv({ ...project, script, args: ['a', 'b', 'c d'], targets: ['ssh1', 'local1'] }), ['ssh1', 'local1']))
    expect(finished(ok.events)).toEqual([['local1', 'success', 0], ['ssh1', 'success', 0]])
    expect(ok.events).toContainEqual({ type: 'node:output', node: 'ssh1', stream: 'stderr', chunk: 'warn line\n' })
    const failed = await collectEvents(run(scriptArgv({ ...project, script, args: ['x'], targets: ['ssh1'], env: { EXIT_WITH: '4' } }), ['ssh1']))
    expect(finished(failed.events)).toEqual([['ssh1', 'failure', 4]])
    const missing = await collectEvents(run(scriptArgv({ ...project, script: join(projectDir, 'scripts/nope.sh'), targets: ['ssh1'] }), ['ssh1']))
    expect(missing.events).toEqual([])
    expect(missing.error).toMatchObject({ code: 'NOT_FOUND', message: "The script 'project/scripts/nope.sh' does not exist" })
  })

  it('task_run_greet_params, task_run_facts and task_run_unknown', async () => {
    const greet = await collectEvents(run(taskArgv({ ...project, task: 'sdkdemo::greet', params: { name: 'Bob', times: 2 }, targets: ['local1'] }), ['local1']))
    expect(greet.events).toEqual([
      { type: 'node:started', node: 'local1' },
      { type: 'node:finished', node: 'local1', status: 'success', value: { greeting: 'hello Bob', times: 2, host: 'vm' } },
    ])
    const facts = await collectEvents(run(taskArgv({ ...project, task: 'facts', targets: ['localhost', 'ssh1'] }), ['localhost', 'ssh1']))
    expect(finished(facts.events)).toEqual([['localhost', 'success', undefined], ['ssh1', 'success', undefined]])
    const unknown = await collectEvents(run(taskArgv({ ...project, task: 'sdkdemo::nope', targets: ['local1'] }), ['local1']))
    expect(unknown.events).toEqual([])
    expect(unknown.error).toBeInstanceOf(CapstanError)
    expect(unknown.error).toMatchObject({ code: 'NOT_FOUND' })
  })

  it('task_run_error_object (its recorded k=v command line)', async () => {
    const argv = ['task', 'run', 'sdkdemo::greet', 'name=Eve', 'fail=true', '--targets', 'ssh1,local1', '--format', 'json', '--project', projectDir]
    const { events } = await collectEvents(run(argv, ['ssh1', 'local1']))
    expect(finished(events)).toEqual([['local1', 'failure', 'sdkdemo/failed'], ['ssh1', 'failure', 'sdkdemo/failed']])
  })

  it.each(['1', 'ignore-term'])('cancelling kills the whole process group (FAKE_BOLT_HANG=%s)', async (hang) => {
    const log = join(tmp, `hang-${hang}.log`)
    const controller = new AbortController()
    const running = collectEvents(run(commandArgv({ ...project, command: 'uname -a', targets: ['ssh1'] }), ['ssh1'], { FAKE_BOLT_HANG: hang, FAKE_BOLT_LOG: log }, controller.signal))
    await eventually(() => existsSync(log) && readFileSync(log, 'utf8').includes('"pid"'))
    const { pid } = JSON.parse(readFileSync(log, 'utf8').trim()) as { pid: number }
    // Give the fake time to start its `sleep` child in the same group.
    await new Promise((resolve) => setTimeout(resolve, 300))
    controller.abort(new CapstanError('CANCELLED', { message: 'stop' }))
    const { events, error } = await running
    expect(events).toEqual([])
    expect(error).toBeUndefined()
    await eventually(() => !isAlive(-pid))
  })
})
