import { CapstanError } from 'capstan'
import { describe, expect, it } from 'vitest'
import { parseBoltResult, type ParsedBoltResult } from '../../src/bolt-cli/parse-bolt-result.js'
import { sample, splitSample } from '../support/samples.js'

const ESC = '\u001b'

/** parseBoltResult on a recorded run, as the driver feeds it. */
function parseSample(name: string, secrets: string[] = []): ParsedBoltResult {
  const { err, exitCode } = sample(name)
  return parseBoltResult({ document: splitSample(name).document, stderr: err, exitCode, signal: null, secrets })
}

const targets = (result: ParsedBoltResult) => result.items.map((item) => [item.target, item.status])

describe('parseBoltResult on the recorded runs with items', () => {
  it.each([
    ['command_success', [['localhost', 'success'], ['local1', 'success'], ['ssh2', 'success'], ['ssh1', 'success']]],
    ['command_mixed', [['local1', 'failure'], ['deadhost', 'failure'], ['ssh2', 'success'], ['ssh1', 'success']]],
    ['command_unreachable', [['deadhost', 'failure']]],
    // Bolt takes an unknown name for a host name: a connect error on that target, not a Bolt-level failure.
    ['command_unknown_target', [['nosuchgroup_xyz', 'failure']]],
    ['command_env_var', [['local1', 'success']]],
    ['command_stream_json', [['local1', 'success'], ['ssh1', 'success']]],
    ['command_stream_nocolor', [['local1', 'success']]],
    // Groups in --targets expand: the items name the members.
    ['command_group_target', [['local2', 'success'], ['local1', 'success'], ['ssh2', 'success'], ['ssh1', 'success']]],
    ['script_success', [['local1', 'success'], ['ssh1', 'success']]],
    ['script_failure', [['ssh1', 'failure']]],
    ['task_run_facts', [['localhost', 'success'], ['ssh1', 'success']]],
    ['task_run_exception', [['local1', 'failure']]],
    ['task_run_greet', [['local1', 'success'], ['ssh1', 'success']]],
    ['task_run_greet_params', [['local1', 'success']]],
    ['task_run_error_object', [['local1', 'failure'], ['ssh1', 'failure']]],
    ['task_run_plain_output', [['local1', 'success']]],
  ])('%s: the items in Bolt\'s order, no failure', (name, expected) => {
    const result = parseSample(name)
    expect(targets(result)).toEqual(expected)
    expect(result.failure).toBeUndefined()
  })

  it('keeps each item whole', () => {
    expect(parseSample('command_mixed').items[0]).toEqual({
      target: 'local1',
      action: 'command',
      object: 'if [ -n "$SSH_CONNECTION" ]; then echo ok over ssh; else echo boom >&2; exit 2; fi',
      status: 'failure',
      value: {
        stdout: '',
        stderr: 'boom\n',
        merged_output: 'boom\n',
        exit_code: 2,
        _error: { kind: 'puppetlabs.tasks/command-error', issue_code: 'COMMAND_ERROR', msg: 'The command failed with exit code 2', details: { exit_code: 2 } },
      },
    })
    expect(parseSample('command_mixed').items[1]).toMatchObject({ target: 'deadhost', object: null })
    expect(parseSample('command_env_var').items[0]?.value).toEqual({ stdout: 'FOO=bar\n', stderr: '', merged_output: 'FOO=bar\n', exit_code: 0 })
  })
})

describe('parseBoltResult on Bolt-level failures', () => {
  it('task_run_unknown: NOT_FOUND with Bolt\'s message', () => {
    const { items, failure } = parseSample('task_run_unknown')
    expect(items).toEqual([])
    expect(failure).toBeInstanceOf(CapstanError)
    expect(failure?.code).toBe('NOT_FOUND')
    expect(failure?.message).toBe("Could not find a task named 'sdkdemo::nope'. For a list of available tasks, run 'bolt task show'.")
    expect(failure?.details).toEqual({ reason: 'bolt/unknown-task', boltDetails: {} })
  })

  it('task_run_bad_params: VALIDATION_ERROR naming each parameter', () => {
    const { items, failure } = parseSample('task_run_bad_params')
    expect(items).toEqual([])
    expect(failure?.code).toBe('VALIDATION_ERROR')
    expect(failure?.message).toBe("Task sdkdemo::greet:\n expects a value for parameter 'name'\n parameter 'times' expects a value of type Undef or Integer, got String")
    expect(failure?.details).toEqual({
      reason: 'bolt/pal-error',
      boltDetails: {},
      field: 'params.name',
      issues: [
        { path: 'params.name', message: "expects a value for parameter 'name'" },
        { path: 'params.times', message: "parameter 'times' expects a value of type Undef or Integer, got String" },
      ],
    })
  })

  it('script_missing: NOT_FOUND with the path', () => {
    const { items, failure } = parseSample('script_missing')
    expect(items).toEqual([])
    expect(failure?.code).toBe('NOT_FOUND')
    expect(failure?.message).toBe("The script 'project/scripts/nope.sh' does not exist")
    expect(failure?.details).toEqual({ reason: 'bolt/file-error', boltDetails: { path: 'project/scripts/nope.sh' } })
  })

  it.each([
    ['cli_no_targets', "Bolt did not print a JSON result (exit code 1): Command requires a targeting option: '--targets', '--rerun', or '--query'"],
    ['cli_unknown_option', "Bolt did not print a JSON result (exit code 1): Unknown argument '--bogus'"],
  ])('%s: plain text is the plugin\'s mistake, PLUGIN_ERROR quoting Bolt', (name, message) => {
    const { items, failure } = parseSample(name)
    expect(items).toEqual([])
    expect(failure?.code).toBe('PLUGIN_ERROR')
    expect(failure?.message).toBe(message)
    expect(failure?.details).toEqual({ exitCode: 1 })
  })

  it('reads a bare error object, printed before Bolt began its document', () => {
    const { items, failure } = parseBoltResult({
      document: '{"kind":"bolt/validation-error","msg":"Invalid project name","details":{"path":"bolt-project.yaml"}}\n',
      stderr: '',
      exitCode: 1,
    })
    expect(items).toEqual([])
    expect(failure?.code).toBe('PLUGIN_ERROR')
    expect(failure?.message).toBe('Invalid project name')
    expect(failure?.details).toEqual({ reason: 'bolt/validation-error', boltDetails: { path: 'bolt-project.yaml' } })
  })

  it('keeps the items of a document Bolt did not finish, with a PLUGIN_ERROR quoting stderr, not the targets\' output', () => {
    const full = splitSample('command_mixed').document
    const cut = full.slice(0, full.indexOf('{"target":"ssh2"') + 30)
    const { items, failure } = parseBoltResult({ document: cut, stderr: `${ESC}[31mError: out of memory${ESC}[0m\n`, exitCode: null, signal: 'SIGKILL' })
    expect(targets({ items })).toEqual([['local1', 'failure'], ['deadhost', 'failure']])
    expect(failure?.code).toBe('PLUGIN_ERROR')
    expect(failure?.message).toBe('Bolt printed an incomplete JSON result (killed by SIGKILL): stderr: Error: out of memory')
    expect(failure?.details).toEqual({ exitCode: null, signal: 'SIGKILL' })
    expect(failure?.message).not.toContain('boom')
  })

  it('reports an empty stdout with the first lines of stderr, without colours', () => {
    const stderr = `${ESC}[31m/opt/puppetlabs/bolt/lib/ruby: crash${ESC}[0m\n` + Array.from({ length: 20 }, (_, i) => `\tfrom line ${i}\n`).join('')
    const { failure } = parseBoltResult({ document: '', stderr, exitCode: 2 })
    expect(failure?.message).toBe(
      `Bolt did not print a JSON result (exit code 2): stderr: /opt/puppetlabs/bolt/lib/ruby: crash\n${Array.from({ length: 9 }, (_, i) => `\tfrom line ${i}`).join('\n')}…`,
    )
  })

  it('redacts secrets from every message', () => {
    const plain = parseBoltResult({ document: "Unknown argument 'hunter22'\n", stderr: 'token s3cr3t-token\n', exitCode: 1, secrets: ['hunter22', 's3cr3t-token', 'no'] })
    expect(plain.failure?.message).toBe("Bolt did not print a JSON result (exit code 1): Unknown argument '[redacted]'\nstderr: token [redacted]")
    const json = parseBoltResult({ document: '{ "items": [\n],\n"_error": \n{"kind":"bolt/pal-error","msg":"bad value hunter22","details":{}}\n}\n', stderr: '', exitCode: 1, secrets: ['hunter22'] })
    expect(json.failure?.message).toBe('bad value [redacted]')
  })

  it('refuses JSON that is not a result', () => {
    expect(parseBoltResult({ document: '{"targets":[]}', stderr: '', exitCode: 0 }).failure?.message).toBe('Bolt printed JSON without items (exit code 0)')
    expect(parseBoltResult({ document: '{} trailing', stderr: '', exitCode: 0 }).failure?.message).toBe('Bolt printed an incomplete JSON result (exit code 0)')
  })

  it('skips items without a target rather than inventing one', () => {
    const { items, failure } = parseBoltResult({ document: '{"items":[{"status":"success"},{"target":"a","status":"success","value":{}}]}', stderr: '', exitCode: 0 })
    expect(targets({ items })).toEqual([['a', 'success']])
    expect(failure).toBeUndefined()
  })
})
