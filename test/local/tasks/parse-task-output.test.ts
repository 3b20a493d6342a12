import { describe, expect, it } from 'vitest'
import { parseTaskOutput } from '../../../src/local/tasks/parse-task-output.js'
import { taskEnvironment } from '../../../src/local/tasks/task-environment.js'

describe('parseTaskOutput', () => {
  it('takes a JSON object, surrounding whitespace allowed, as the value', () => {
    expect(parseTaskOutput('  {"a": [1, {"b": null}]}\n')).toEqual({ a: [1, { b: null }] })
  })

  it('wraps anything else in { _output }', () => {
    for (const stdout of ['plain text\n', '[1, 2]', '42', 'null', '', '{"a": 1} trailing']) expect(parseTaskOutput(stdout)).toEqual({ _output: stdout })
  })

  it('never parses output cut at the capture limit', () => {
    expect(parseTaskOutput('{"a": 1}', true)).toEqual({ _output: '{"a": 1}' })
  })
})

describe('taskEnvironment', () => {
  it('sets strings as they are and JSON-encodes everything else, skipping undefined', () => {
    expect(taskEnvironment({ s: 'a "b"', n: 3, b: false, a: ['x'], h: { k: 1 }, z: null, u: undefined })).toEqual({
      PT_s: 'a "b"',
      PT_n: '3',
      PT_b: 'false',
      PT_a: '["x"]',
      PT_h: '{"k":1}',
      PT_z: 'null',
    })
  })
})
