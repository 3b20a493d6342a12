import { describe, expect, it } from 'vitest'
import { itemOutputEvents } from '../../src/remote-execution/item-output-events.js'
import { parseBoltResult } from '../../src/bolt-cli/parse-bolt-result.js'
import { sample, splitSample } from '../support/samples.js'

function outputEvents(name: string) {
  const { err, exitCode } = sample(name)
  return parseBoltResult({ document: splitSample(name).document, stderr: err, exitCode }).items.map((item) => itemOutputEvents(item, item.target))
}

const stdout = (node: string, chunk: string) => ({ type: 'node:output', node, stream: 'stdout', chunk })
const stderr = (node: string, chunk: string) => ({ type: 'node:output', node, stream: 'stderr', chunk })
const UNAME = 'Linux vm 6.18.44-fc-v595 #1 SMP PREEMPT_DYNAMIC @0 x86_64 GNU/Linux\n'

describe('itemOutputEvents', () => {
  it('command_success: the uname output of each target as stdout', () => {
    expect(outputEvents('command_success')).toEqual(['localhost', 'local1', 'ssh2', 'ssh1'].map((node) => [stdout(node, UNAME)]))
  })

  it('command_mixed: stderr only where there was some, nothing for the unreachable target', () => {
    expect(outputEvents('command_mixed')).toEqual([[stderr('local1', 'boom\n')], [], [stdout('ssh2', 'ok over ssh\n')], [stdout('ssh1', 'ok over ssh\n')]])
  })

  it('script_success: stdout then stderr', () => {
    expect(outputEvents('script_success')).toEqual([
      [stdout('local1', 'script args: a b c d\n'), stderr('local1', 'warn line\n')],
      [stdout('ssh1', 'script args: a b c d\n'), stderr('ssh1', 'warn line\n')],
    ])
  })

  it('command_env_var: the variable reached the target', () => {
    expect(outputEvents('command_env_var')).toEqual([[stdout('local1', 'FOO=bar\n')]])
  })

  it('tasks: a plain-text task\'s _output is its stdout; a JSON task has none to replay', () => {
    expect(outputEvents('task_run_plain_output')).toEqual([[stdout('local1', 'plain output, got: {"message":"hi","_task":"sdkdemo::plain"}\n')]])
    expect(outputEvents('task_run_greet')).toEqual([[], []])
    expect(outputEvents('task_run_error_object')).toEqual([[], []])
  })
})
