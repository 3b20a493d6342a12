import { describe, expect, it } from 'vitest'
import type { BoltItem } from '../../src/bolt-cli/bolt-item.js'
import { itemToNodeEvent, SENSITIVE_PLACEHOLDER } from '../../src/remote-execution/item-to-node-event.js'
import { parseBoltResult } from '../../src/bolt-cli/parse-bolt-result.js'
import { sample, splitSample } from '../support/samples.js'

/** The node:finished event of every item of a recorded run, the node named after the target. */
function finishedEvents(name: string) {
  const { err, exitCode } = sample(name)
  return parseBoltResult({ document: splitSample(name).document, stderr: err, exitCode }).items.map((item) => itemToNodeEvent(item, item.target))
}

const success = (node: string, exitCode = 0) => ({ type: 'node:finished', node, status: 'success', exitCode })
const deadhost = {
  type: 'node:finished',
  node: 'deadhost',
  status: 'error',
  exitCode: null,
  error: { code: 'puppetlabs.tasks/connect-error', message: 'Failed to connect to deadhost: Connection refused - connect(2) for 127.0.0.1:2299', details: {} },
}

describe('itemToNodeEvent on commands and scripts', () => {
  it('command_success: four successes with exit code 0, no value (the output is streamed, not a value)', () => {
    expect(finishedEvents('command_success')).toEqual([success('localhost'), success('local1'), success('ssh2'), success('ssh1')])
  })

  it('command_mixed: failure with the exit code and Bolt\'s error, error for the unreachable target, successes', () => {
    expect(finishedEvents('command_mixed')).toEqual([
      {
        type: 'node:finished',
        node: 'local1',
        status: 'failure',
        exitCode: 2,
        error: { code: 'puppetlabs.tasks/command-error', message: 'The command failed with exit code 2', details: { exit_code: 2 } },
      },
      deadhost,
      success('ssh2'),
      success('ssh1'),
    ])
  })

  it('command_unreachable: error, exit code null, the connect-error kind as code', () => {
    expect(finishedEvents('command_unreachable')).toEqual([deadhost])
  })

  it('command_unknown_target: Bolt could not resolve the name, an error on that target', () => {
    expect(finishedEvents('command_unknown_target')).toEqual([
      {
        type: 'node:finished',
        node: 'nosuchgroup_xyz',
        status: 'error',
        exitCode: null,
        error: { code: 'puppetlabs.tasks/connect-error', message: 'Failed to connect to nosuchgroup_xyz: getaddrinfo: Name or service not known', details: {} },
      },
    ])
  })

  it.each(['command_env_var', 'command_stream_json', 'command_stream_nocolor'])('%s: success', (name) => {
    expect(finishedEvents(name).every((event) => event.status === 'success' && event.exitCode === 0 && event.value === undefined)).toBe(true)
  })

  it('command_group_target: one success per member target', () => {
    expect(finishedEvents('command_group_target')).toEqual([success('local2'), success('local1'), success('ssh2'), success('ssh1')])
  })

  it('script_success and script_failure: exit codes 0 and 4', () => {
    expect(finishedEvents('script_success')).toEqual([success('local1'), success('ssh1')])
    expect(finishedEvents('script_failure')).toEqual([
      {
        type: 'node:finished',
        node: 'ssh1',
        status: 'failure',
        exitCode: 4,
        error: { code: 'puppetlabs.tasks/command-error', message: 'The command failed with exit code 4', details: { exit_code: 4 } },
      },
    ])
  })
})

describe('itemToNodeEvent on tasks', () => {
  it('task_run_facts: success with the facts as value', () => {
    const events = finishedEvents('task_run_facts')
    expect(events.map((event) => [event.node, event.status, event.exitCode])).toEqual([
      ['localhost', 'success', undefined],
      ['ssh1', 'success', undefined],
    ])
    expect(events[0]?.value).toMatchObject({ os: { family: 'Debian', name: 'Debian', release: { full: '12.11', major: '12' } }, kernel: 'Linux' })
    expect(events[1]?.value).toMatchObject({ processors: { count: 2 }, memory: { system: { total_bytes: 25276514304 } } })
    expect(events[0]).not.toHaveProperty('error')
  })

  it('task_run_greet and task_run_greet_params: the task\'s JSON object, types kept', () => {
    expect(finishedEvents('task_run_greet')).toEqual([
      { type: 'node:finished', node: 'local1', status: 'success', value: { greeting: 'hello Ada', times: 3, host: 'vm' } },
      { type: 'node:finished', node: 'ssh1', status: 'success', value: { greeting: 'hello Ada', times: 3, host: 'vm' } },
    ])
    expect(finishedEvents('task_run_greet_params')).toEqual([{ type: 'node:finished', node: 'local1', status: 'success', value: { greeting: 'hello Bob', times: 2, host: 'vm' } }])
  })

  it('task_run_error_object: the task\'s own _error is a failure with its kind, msg and details', () => {
    const error = { code: 'sdkdemo/failed', message: 'asked to fail for Eve', details: { name: 'Eve' } }
    expect(finishedEvents('task_run_error_object')).toEqual([
      { type: 'node:finished', node: 'local1', status: 'failure', error },
      { type: 'node:finished', node: 'ssh1', status: 'failure', error },
    ])
  })

  it('task_run_plain_output: plain text becomes { _output }', () => {
    expect(finishedEvents('task_run_plain_output')).toEqual([
      { type: 'node:finished', node: 'local1', status: 'success', value: { _output: 'plain output, got: {"message":"hi","_task":"sdkdemo::plain"}\n' } },
    ])
  })

  it('task_run_exception: Bolt could not run the task (object null), an error with the exception', () => {
    const [event] = finishedEvents('task_run_exception')
    expect(event).toMatchObject({
      type: 'node:finished',
      node: 'local1',
      status: 'error',
      exitCode: null,
      error: {
        code: 'puppetlabs.tasks/exception-error',
        message: 'No such file or directory - /tmp/a3a6c2c0-d1b4-49ed-b585-c14b9b5f9277/facts/tasks/ruby.rb',
        details: { class: 'Errno::ENOENT' },
      },
    })
    expect(event).not.toHaveProperty('value')
  })
})

describe('itemToNodeEvent on what the samples do not show', () => {
  const task = (value: Record<string, unknown>, status = 'success'): BoltItem => ({ target: 't', action: 'task', object: 'demo::x', status, value })

  it('a task that exited non-zero: failure with the exit code from the error, its output kept as value', () => {
    const item = task({ _output: 'oops\n', _error: { kind: 'puppetlabs.tasks/task-error', msg: 'The task failed with exit code 3', details: { exit_code: 3 } } }, 'failure')
    expect(itemToNodeEvent(item, 'n')).toEqual({
      type: 'node:finished',
      node: 'n',
      status: 'failure',
      exitCode: 3,
      value: { _output: 'oops\n' },
      error: { code: 'puppetlabs.tasks/task-error', message: 'The task failed with exit code 3', details: { exit_code: 3 } },
    })
  })

  it('replaces _sensitive output whatever Bolt printed for it', () => {
    expect(itemToNodeEvent(task({ user: 'ops', _sensitive: { password: 'hunter2' } }), 'n').value).toEqual({ user: 'ops', _sensitive: SENSITIVE_PLACEHOLDER })
  })

  it('keeps a __proto__ key a task returned as data', () => {
    const value = JSON.parse('{"__proto__":{"x":1},"y":2}') as Record<string, unknown>
    expect(Object.keys(itemToNodeEvent(task(value), 'n').value as object)).toEqual(['__proto__', 'y'])
  })

  it('gives a failure Bolt did not explain an error all the same', () => {
    expect(itemToNodeEvent({ target: 't', action: 'command', object: 'x', status: 'failure', value: { exit_code: 1 } }, 'n')).toEqual({
      type: 'node:finished',
      node: 'n',
      status: 'failure',
      exitCode: 1,
      error: { code: 'bolt/failure', message: 'Bolt reported failure on t without an error' },
    })
  })
})
