// runBoltExecution against a stand-in for bolt: /bin/sh printing a recorded run's
// stdout, stderr and exit code, so each case is exactly what Bolt 3.30.0 printed.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CapstanError, type Node, type NodeEvent } from 'capstan'
import { afterAll, describe, expect, it } from 'vitest'
import type { BoltExecutionOptions } from '../../src/remote-execution/bolt-execution-options.js'
import { runBoltExecution } from '../../src/remote-execution/run-bolt-execution.js'
import { boltName, boltNode, sample } from '../support/samples.js'
import { collectEvents, eventually, isAlive } from './collect-events.js'

const tmp = mkdtempSync(join(tmpdir(), 'bolt-execution-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

const UNAME = 'Linux vm 6.18.44-fc-v595 #1 SMP PREEMPT_DYNAMIC @0 x86_64 GNU/Linux\n'
// Prints $1 to stdout line by line, pausing after each stream line as Bolt does while
// targets run, then $2 to stderr, touches $4 and exits with $3.
const REPLAY = `
while IFS= read -r line || [ -n "$line" ]; do
  printf '%s\\n' "$line"
  case "$line" in "["*) sleep "\${PAUSE:-0}";; esac
done < "$1"
cat "$2" >&2
[ -n "$4" ] && : > "$4"
exit "$3"`

let files = 0
function file(content: string): string {
  const path = join(tmp, `f${files++}`)
  writeFileSync(path, content)
  return path
}

/** Options that make /bin/sh replay the files; `done` is created when it finishes. */
function replay(out: string, err: string, exitCode: number, nodes: Node[], extra: Partial<BoltExecutionOptions> = {}): BoltExecutionOptions & { done: string } {
  const done = join(tmp, `done${files++}`)
  return { boltPath: '/bin/sh', argv: ['-c', REPLAY, 'bolt', out, err, String(exitCode), done], nodes, targetName: boltName, signal: new AbortController().signal, done, ...extra }
}

function replaySample(name: string, nodes: Node[], extra: Partial<BoltExecutionOptions> = {}) {
  const s = sample(name)
  return replay(s.outFile, s.errFile, s.exitCode, nodes, extra)
}

/** Nodes whose ids differ from their Bolt names, to check the mapping. */
const nodes = (...names: string[]) => names.map((name) => boltNode(name, `${name}.example.com`))
const started = (name: string) => ({ type: 'node:started', node: `${name}.example.com` })
const stdout = (name: string, chunk: string) => ({ type: 'node:output', node: `${name}.example.com`, stream: 'stdout', chunk })
const stderr = (name: string, chunk: string) => ({ type: 'node:output', node: `${name}.example.com`, stream: 'stderr', chunk })
const success = (name: string) => ({ type: 'node:finished', node: `${name}.example.com`, status: 'success', exitCode: 0 })

describe('runBoltExecution on recorded runs', () => {
  it('command_success: starts every node, replays each output (not streamed), finishes each with exit 0', async () => {
    const { events, error } = await collectEvents(runBoltExecution(replaySample('command_success', nodes('ssh1', 'ssh2', 'local1', 'localhost'))))
    expect(error).toBeUndefined()
    expect(events).toEqual([
      started('ssh1'), started('ssh2'), started('local1'), started('localhost'),
      stdout('localhost', UNAME), success('localhost'),
      stdout('local1', UNAME), success('local1'),
      stdout('ssh2', UNAME), success('ssh2'),
      stdout('ssh1', UNAME), success('ssh1'),
    ])
  })

  it('command_stream_json: yields each stream line as it arrives, with its newline, and does not replay it', async () => {
    const options = replaySample('command_stream_json', nodes('ssh1', 'local1'), { env: { PAUSE: '0.05' } })
    const seen: NodeEvent[] = []
    let finishedBeforeFirstOutput: boolean | undefined
    for await (const event of runBoltExecution(options)) {
      if (event.type === 'node:output' && finishedBeforeFirstOutput === undefined) finishedBeforeFirstOutput = existsSync(options.done)
      seen.push(event)
    }
    expect(finishedBeforeFirstOutput).toBe(false)
    const lines = (name: string, i: number) => [stdout(name, `out${i}\n`), stderr(name, `err${i}\n`)]
    expect(seen).toEqual([
      started('ssh1'), started('local1'),
      ...lines('local1', 1), ...lines('ssh1', 1), ...lines('local1', 2), ...lines('ssh1', 2), ...lines('local1', 3), ...lines('ssh1', 3),
      success('local1'), success('ssh1'),
    ])
  })

  it('command_stream_nocolor: two lines, then the result', async () => {
    const { events } = await collectEvents(runBoltExecution(replaySample('command_stream_nocolor', nodes('local1'))))
    expect(events).toEqual([started('local1'), stdout('local1', 'a\n'), stderr('local1', 'b\n'), success('local1')])
  })

  it('command_mixed: exit code 1 with items is normal; failure, error and successes per node', async () => {
    const { events, error } = await collectEvents(runBoltExecution(replaySample('command_mixed', nodes('ssh1', 'ssh2', 'local1', 'deadhost'))))
    expect(error).toBeUndefined()
    expect(events.filter((event) => event.type === 'node:finished')).toEqual([
      {
        type: 'node:finished',
        node: 'local1.example.com',
        status: 'failure',
        exitCode: 2,
        error: { code: 'puppetlabs.tasks/command-error', message: 'The command failed with exit code 2', details: { exit_code: 2 } },
      },
      {
        type: 'node:finished',
        node: 'deadhost.example.com',
        status: 'error',
        exitCode: null,
        error: { code: 'puppetlabs.tasks/connect-error', message: 'Failed to connect to deadhost: Connection refused - connect(2) for 127.0.0.1:2299', details: {} },
      },
      success('ssh2'),
      success('ssh1'),
    ])
    expect(events).toContainEqual(stderr('local1', 'boom\n'))
  })

  it('command_group_target: the member targets map onto their nodes', async () => {
    const { events } = await collectEvents(runBoltExecution(replaySample('command_group_target', nodes('ssh1', 'ssh2', 'local1', 'local2'))))
    expect(events.filter((event) => event.type === 'node:finished')).toEqual([success('local2'), success('local1'), success('ssh2'), success('ssh1')])
  })

  it('task_run_plain_output: the task\'s text as stdout, then its value', async () => {
    const output = 'plain output, got: {"message":"hi","_task":"sdkdemo::plain"}\n'
    const { events } = await collectEvents(runBoltExecution(replaySample('task_run_plain_output', nodes('local1'))))
    expect(events).toEqual([started('local1'), stdout('local1', output), { type: 'node:finished', node: 'local1.example.com', status: 'success', value: { _output: output } }])
  })

  it('a requested target Bolt returned nothing for ends in error, never a gap', async () => {
    const { events } = await collectEvents(runBoltExecution(replaySample('command_env_var', nodes('local1', 'ghost'))))
    expect(events.slice(-2)).toEqual([
      success('local1'),
      {
        type: 'node:finished',
        node: 'ghost.example.com',
        status: 'error',
        exitCode: null,
        error: { code: 'PLUGIN_ERROR', message: 'Bolt returned no result for ghost', details: { node: 'ghost.example.com', target: 'ghost' } },
      },
    ])
  })
})

describe('runBoltExecution when Bolt refuses the run', () => {
  it.each([
    ['task_run_unknown', 'NOT_FOUND', "Could not find a task named 'sdkdemo::nope'. For a list of available tasks, run 'bolt task show'."],
    ['task_run_bad_params', 'VALIDATION_ERROR', "Task sdkdemo::greet:\n expects a value for parameter 'name'\n parameter 'times' expects a value of type Undef or Integer, got String"],
    ['script_missing', 'NOT_FOUND', "The script 'project/scripts/nope.sh' does not exist"],
    ['cli_no_targets', 'PLUGIN_ERROR', "Bolt did not print a JSON result (exit code 1): Command requires a targeting option: '--targets', '--rerun', or '--query'"],
    ['cli_unknown_option', 'PLUGIN_ERROR', "Bolt did not print a JSON result (exit code 1): Unknown argument '--bogus'"],
  ])('%s: throws %s with Bolt\'s message before any node started', async (name, code, message) => {
    const { events, error } = await collectEvents(runBoltExecution(replaySample(name, nodes('local1', 'ssh1'))))
    expect(events).toEqual([])
    expect(error).toBeInstanceOf(CapstanError)
    expect(error).toMatchObject({ code, message })
  })

  it('redacts --env-var values from the message', async () => {
    const script = `printf "Unknown argument '%s'\\n" "\${4#*=}"; exit 1`
    const options = { ...replay('', '', 1, nodes('a')), argv: ['-c', script, 'bolt', '', '', '--env-var', 'TOKEN=supersecret'] }
    const { error } = await collectEvents(runBoltExecution(options))
    expect(error).toMatchObject({ code: 'PLUGIN_ERROR', message: "Bolt did not print a JSON result (exit code 1): Unknown argument '[redacted]'" })
  })

  it('a failure after some results: those nodes keep their results, the rest end with Bolt\'s error', async () => {
    const out = file(
      '{ "items": [\n{"target":"a","action":"command","object":"true","status":"success","value":{"stdout":"","stderr":"","merged_output":"","exit_code":0}}\n],\n"_error": \n{"kind":"bolt/internal","msg":"Something broke","details":{}}\n}\n',
    )
    const { events, error } = await collectEvents(runBoltExecution(replay(out, file(''), 1, nodes('a', 'b'))))
    expect(error).toBeUndefined()
    expect(events).toEqual([
      started('a'),
      started('b'),
      success('a'),
      { type: 'node:finished', node: 'b.example.com', status: 'error', exitCode: null, error: { code: 'PLUGIN_ERROR', message: 'Something broke', details: { reason: 'bolt/internal', boltDetails: {} } } },
    ])
  })

  it('ignores stream lines of targets outside the batch and replays that node\'s output from its result', async () => {
    const out = file('{ "items": [\n[ssh://u@h] out: hi\n{"target":"a","action":"command","object":"x","status":"success","value":{"stdout":"hi\\n","stderr":"","exit_code":0}}\n],\n"target_count": 1, "elapsed_time": 0 }\n')
    const { events } = await collectEvents(runBoltExecution(replay(out, file(''), 0, nodes('a'))))
    expect(events).toEqual([started('a'), stdout('a', 'hi\n'), success('a')])
  })

  it('a bolt that cannot start is a CONFIG_ERROR, not the caller\'s mistake', async () => {
    const { events, error } = await collectEvents(runBoltExecution({ ...replaySample('command_success', nodes('a')), boltPath: join(tmp, 'no-such-bolt') }))
    expect(events).toEqual([])
    expect(error).toMatchObject({ code: 'CONFIG_ERROR' })
    expect((error as Error).message).toContain('no-such-bolt')
  })
})

describe('runBoltExecution when stopped', () => {
  // Prints a stream line, then waits on a child in its process group, whose pid it records.
  function hanging(pidFile: string, signal: AbortSignal): BoltExecutionOptions {
    const script = `printf '{ "items": [\\n[a] out: tick\\n'; sleep 30 & echo $! > "$1"; wait`
    return { boltPath: '/bin/sh', argv: ['-c', script, 'bolt', pidFile], nodes: nodes('a'), targetName: boltName, signal, graceMs: 500 }
  }

  it('on abort, kills Bolt\'s process group and returns without finishing the nodes', async () => {
    const pidFile = join(tmp, 'abort.pid')
    const controller = new AbortController()
    const seen: NodeEvent[] = []
    for await (const event of runBoltExecution(hanging(pidFile, controller.signal))) {
      seen.push(event)
      if (event.type === 'node:output') {
        await eventually(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8').trim() !== '')
        controller.abort(new CapstanError('CANCELLED', { message: 'stop' }))
      }
    }
    expect(seen).toEqual([started('a'), stdout('a', 'tick\n')])
    const child = Number(readFileSync(pidFile, 'utf8'))
    await eventually(() => !isAlive(child))
  })

  it('when the consumer leaves early, Bolt\'s group is stopped too', async () => {
    const pidFile = join(tmp, 'break.pid')
    for await (const event of runBoltExecution(hanging(pidFile, new AbortController().signal))) {
      if (event.type === 'node:output') {
        await eventually(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8').trim() !== '')
        break
      }
    }
    const child = Number(readFileSync(pidFile, 'utf8'))
    await eventually(() => !isAlive(child))
  })

  it('does not start Bolt when the signal had already aborted', async () => {
    const pidFile = join(tmp, 'never.pid')
    const { events, error } = await collectEvents(runBoltExecution(hanging(pidFile, AbortSignal.abort())))
    expect(events).toEqual([])
    expect(error).toBeUndefined()
    expect(existsSync(pidFile)).toBe(false)
  })
})
