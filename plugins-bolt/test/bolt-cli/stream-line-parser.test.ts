import { describe, expect, it } from 'vitest'
import { StreamLineParser, type StreamLineItem } from '../../src/bolt-cli/stream-line-parser.js'
import { sample, splitSample } from '../support/samples.js'

const ESC = '\u001b'

function parseAll(text: string): StreamLineItem[] {
  const parser = new StreamLineParser()
  return [...parser.push(text), ...parser.end()]
}

const out = (target: string, line: string) => ({ kind: 'stream', target, stream: 'stdout', line })
const err = (target: string, line: string) => ({ kind: 'stream', target, stream: 'stderr', line })

describe('StreamLineParser on the recorded runs', () => {
  it('takes the twelve stream lines out of command_stream_json, in order, and leaves valid JSON', () => {
    const { lines, document } = splitSample('command_stream_json')
    expect(lines).toEqual([
      out('local1', 'out1'),
      err('local1', 'err1'),
      out('ssh1', 'out1'),
      err('ssh1', 'err1'),
      out('local1', 'out2'),
      err('local1', 'err2'),
      out('ssh1', 'out2'),
      err('ssh1', 'err2'),
      out('local1', 'out3'),
      err('local1', 'err3'),
      out('ssh1', 'out3'),
      err('ssh1', 'err3'),
    ])
    const parsed = JSON.parse(document) as { items: Array<{ target: string }>; target_count: number; elapsed_time: number }
    expect(parsed.items.map((item) => item.target)).toEqual(['local1', 'ssh1'])
    expect(parsed).toMatchObject({ target_count: 2, elapsed_time: 1 })
    // Nothing else was removed: the document is stdout minus exactly those lines.
    expect(document).toBe(sample('command_stream_json').out.split('\n').filter((line) => !line.startsWith('[')).join('\n'))
  })

  it('takes the stream lines out of command_stream_nocolor and leaves valid JSON', () => {
    const { lines, document } = splitSample('command_stream_nocolor')
    expect(lines).toEqual([out('local1', 'a'), err('local1', 'b')])
    expect(JSON.parse(document)).toMatchObject({ items: [{ target: 'local1', value: { stdout: 'a\n', stderr: 'b\n' } }], target_count: 1 })
  })

  it.each([1, 2, 7, 64, 1000])('gives the same result whatever the chunk size (%i)', (size) => {
    expect(splitSample('command_stream_json', size)).toEqual(splitSample('command_stream_json'))
    expect(splitSample('task_run_facts', size)).toEqual(splitSample('task_run_facts'))
  })

  it.each(['command_success', 'command_mixed', 'task_run_facts', 'task_run_bad_params', 'cli_unknown_option'])(
    'leaves a run without stream lines (%s) untouched',
    (name) => {
      const { lines, document } = splitSample(name, 13)
      expect(lines).toEqual([])
      expect(document).toBe(sample(name).out)
    },
  )

  it('reads the stream lines of the human format too', () => {
    const { lines, document } = splitSample('command_stream_human')
    expect(lines).toHaveLength(12)
    expect(document).toContain('Finished on local1:\n  out1\n')
  })
})

describe('StreamLineParser line by line', () => {
  it('keeps empty content, with or without the space after the colon', () => {
    expect(parseAll('[local1] out: \n[local1] err:\n')).toEqual([out('local1', ''), err('local1', '')])
  })

  it('keeps the content exactly after the one space: indentation, brackets and later prefixes stay', () => {
    expect(parseAll('[t] out:   indented\n[web.example.com] out: [x] out: nested\n')).toEqual([
      out('t', '  indented'),
      out('web.example.com', '[x] out: nested'),
    ])
  })

  it('reads target names with dots, colons, @, / and brackets', () => {
    expect(
      parseAll('[ssh://root@127.0.0.1:2222] err: e\n[winrm://win-01.example.com:5986] out: w\n[ssh://[::1]:22] out: six\n[a/b@c] out: x\n'),
    ).toEqual([err('ssh://root@127.0.0.1:2222', 'e'), out('winrm://win-01.example.com:5986', 'w'), out('ssh://[::1]:22', 'six'), out('a/b@c', 'x')])
  })

  it('removes the colour Bolt puts around the prefix or the whole line', () => {
    expect(parseAll(`${ESC}[32m[local1] out: ${ESC}[0mhello\n${ESC}[31m[local1] err: oops${ESC}[0m\n${ESC}[0;31m[ssh1] err:${ESC}[0m ${ESC}[1mbold${ESC}[0m\n`)).toEqual([
      out('local1', 'hello'),
      err('local1', 'oops'),
      err('ssh1', 'bold'),
    ])
  })

  it('keeps the colours of the target\'s own output when Bolt did not colour the line', () => {
    expect(parseAll(`[t] out: ${ESC}[1;34mdir${ESC}[0m\n`)).toEqual([out('t', `${ESC}[1;34mdir${ESC}[0m`)])
  })

  it('keeps a carriage return from a Windows target in the content', () => {
    expect(parseAll('[win] out: line\r\n')).toEqual([out('win', 'line\r')])
  })

  it('holds an unfinished line until its newline, and gives a last line without one at end()', () => {
    const parser = new StreamLineParser()
    expect(parser.push('[local1] ou')).toEqual([])
    expect(parser.push('t: hel')).toEqual([])
    expect(parser.push('lo\n{ "items"')).toEqual([out('local1', 'hello')])
    expect(parser.push(': [\n')).toEqual([{ kind: 'document', text: '{ "items": [\n' }])
    expect(parser.push('[local1] err: tail')).toEqual([])
    expect(parser.end()).toEqual([err('local1', 'tail')])
    expect(parser.end()).toEqual([])
  })

  it('treats lines that only look similar as document text', () => {
    expect(parseAll('[local1] info: x\n[] out: y\n local1] out: z\n"[a] out: b"\n')).toEqual([
      { kind: 'document', text: '[local1] info: x\n' },
      { kind: 'document', text: '[] out: y\n' },
      { kind: 'document', text: ' local1] out: z\n' },
      { kind: 'document', text: '"[a] out: b"\n' },
    ])
  })
})
