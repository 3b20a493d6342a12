import { describe, expect, it } from 'vitest'
import { createStyle, renderExecution, stripAnsi, type ExecutionOutcome } from '../../../src/cli/render/index.js'
import { EventScript } from './execution-events.js'
import { RecordingOutput } from './recording-output.js'

const plain = createStyle({ color: false })
const color = createStyle({ color: true })
const CLEAR = '\r\u001b[2K'

function twoNodeRun(): EventScript {
  return new EventScript()
    .queued(0)
    .started(['web01', 'db1'])
    .nodeStarted('web01')
    .nodeStarted('db1')
    .output('web01', 'hello\nwor')
    .output('db1', 'oops\n', 'stderr')
    .output('web01', 'ld\npartial')
    .nodeFinished('web01', { stdout: 'hello\nworld\npartial' })
    .output('db1', 'no newline at the end')
    .nodeFinished('db1', { status: 'failure', exitCode: 2, stderr: 'oops\n' })
    .finished()
}

async function render(script: EventScript, options: { progress?: boolean; color?: boolean; total?: number } = {}) {
  const stdout = new RecordingOutput()
  const stderr = new RecordingOutput({ isTTY: true })
  const outcome = await renderExecution(script.stream(), {
    stdout,
    stderr,
    style: options.color ? color : plain,
    total: options.total ?? 2,
    progress: options.progress ?? false,
    progressIntervalMs: 0,
  })
  return { stdout, stderr, outcome }
}

describe('renderExecution', () => {
  it('prefixes every output line with its node, padded to the longest name, and marks stderr lines', async () => {
    const { stdout } = await render(twoNodeRun())
    expect(stdout.lines.slice(0, 5)).toEqual(['web01 | hello', 'db1   ! oops', 'web01 | world', 'web01 | partial', 'db1   | no newline at the end'])
  })

  it('prints a line cut across chunks once, whole, and an unfinished last line when its node finishes', async () => {
    const script = new EventScript().started(['n1']).nodeStarted('n1').output('n1', 'a').output('n1', 'b').output('n1', 'c\nd')
    const stdout = new RecordingOutput()
    const seen: string[] = []
    await renderExecution(
      script
        .nodeFinished('n1')
        .finished()
        .stream({ onYield: (event) => (event.type === 'node:finished' || event.type === 'finished') && seen.push(stdout.text) }),
      { stdout, stderr: new RecordingOutput(), style: plain, total: 1, progress: false },
    )
    // Before node:finished only the complete line is out; "d" waits for the end of the node, and comes out with it.
    expect(seen).toEqual(['n1 | abc\n', 'n1 | abc\nn1 | d\n'])
    expect(stdout.lines.slice(0, 2)).toEqual(['n1 | abc', 'n1 | d'])
  })

  it('ends with the failed nodes and a total line, and returns the counts and the result', async () => {
    const { stdout, outcome } = await render(twoNodeRun())
    const lines = stdout.lines
    expect(lines.slice(5)).toEqual(['', 'Failed on 1 node:', 'NODE  STATUS   EXIT  ERROR', 'db1   failure  2', '', '2 nodes: 1 succeeded, 1 failed'])
    expect(outcome.succeeded).toBe(1)
    expect(outcome.failed).toBe(1)
    expect(outcome.result?.status).toBe('partial')
    expect(outcome.result?.nodes).toHaveLength(2)
  })

  it('shows the error of a node that could not run, and the signal of one that was killed', async () => {
    const script = new EventScript()
      .started(['a', 'b', 'c'])
      .nodeFinished('a', { status: 'error', exitCode: null, error: { code: 'CONNECTION_REFUSED', message: 'ssh to a refused' } })
      .nodeFinished('b', { status: 'timeout', exitCode: null, signal: 'SIGKILL' })
      .nodeFinished('c')
      .finished()
    const { stdout, outcome } = await render(script, { total: 3 })
    expect(stdout.text).toBe(
      [
        'Failed on 2 nodes:',
        'NODE  STATUS   EXIT     ERROR',
        'a     error             CONNECTION_REFUSED: ssh to a refused',
        'b     timeout  SIGKILL  killed by SIGKILL',
        '',
        '3 nodes: 1 succeeded, 2 failed',
        '',
      ].join('\n'),
    )
    expect(outcome).toMatchObject({ failed: 2, succeeded: 1 } satisfies Partial<ExecutionOutcome>)
  })

  it('all succeeded: no failure table, just the total', async () => {
    const script = new EventScript().started(['a']).nodeStarted('a').output('a', 'up 3 days\n').nodeFinished('a').finished()
    const { stdout, outcome } = await render(script, { total: 1 })
    expect(stdout.text).toBe('a | up 3 days\n\n1 node: 1 succeeded, 0 failed\n')
    expect(outcome).toMatchObject({ failed: 0, succeeded: 1 })
  })

  it('without a finished event, counts the node:finished results and the nodes that never finished', async () => {
    const script = new EventScript().started(['a', 'b', 'c']).nodeStarted('a').nodeFinished('a').nodeStarted('b').output('b', 'half')
    const { stdout, outcome } = await render(script, { total: 3 })
    expect(stdout.lines).toEqual(['b | half', '', '3 nodes: 1 succeeded, 0 failed, 2 did not finish'])
    expect(outcome).toEqual({ failed: 0, succeeded: 1 })
  })

  it('awaits the result promise of an Execution whose stream ended without a finished event', async () => {
    const script = new EventScript().started(['a']).nodeFinished('a').finished()
    const result = (script.events.at(-1) as { result: unknown }).result
    const execution = Object.assign(script.stream(), { result: Promise.resolve(result) })
    script.events.pop()
    const outcome = await renderExecution(execution, { stdout: new RecordingOutput(), stderr: new RecordingOutput(), style: plain, total: 1, progress: false })
    expect(outcome.result).toBe(result)
  })

  it('shows only the last redraw of a line that uses carriage returns (a progress bar), so the prefix survives', async () => {
    const script = new EventScript().started(['a']).output('a', ' 10%\r 50%\r100%\n').nodeFinished('a').finished()
    const { stdout } = await render(script, { total: 1 })
    expect(stdout.lines[0]).toBe('a | 100%')
  })

  it('shows dropped output in place, after the partial line it cut', async () => {
    const script = new EventScript().started(['a']).output('a', 'before\nhal').dropped('a', 4096).output('a', 'after\n').nodeFinished('a').finished()
    const { stdout } = await render(script, { total: 1 })
    expect(stdout.lines.slice(0, 4)).toEqual([
      'a | before',
      'a | hal',
      'a … 4096 bytes of stdout not shown: output came faster than it could be printed',
      'a | after',
    ])
  })

  describe('progress', () => {
    it('is drawn on stderr when progress is on, rewritten in place, erased before every stdout write and at the end', async () => {
      const stdout = new RecordingOutput()
      const stderr = new RecordingOutput({ isTTY: true })
      // Record, in one timeline, which stream got what.
      const timeline: Array<['out' | 'err', string]> = []
      const outWrite = stdout.write.bind(stdout)
      const errWrite = stderr.write.bind(stderr)
      stdout.write = (chunk) => (timeline.push(['out', chunk]), outWrite(chunk))
      stderr.write = (chunk) => (timeline.push(['err', chunk]), errWrite(chunk))
      await renderExecution(twoNodeRun().stream(), { stdout, stderr, style: plain, total: 2, progress: true, progressIntervalMs: 0 })

      expect(stderr.chunks).toContain(`${CLEAR}queued · 0 nodes ahead`)
      expect(stderr.chunks).toContain(`${CLEAR}0/2 done · 0 failed · 2 running`)
      expect(stderr.chunks).toContain(`${CLEAR}1/2 done · 0 failed · 1 running`)
      expect(stderr.chunks).toContain(`${CLEAR}2/2 done · 1 failed · 0 running`)
      expect(stderr.chunks.every((chunk) => chunk.startsWith(CLEAR))).toBe(true)
      // The line is visible only between stdout writes: every stdout write follows an erase (or nothing drawn yet).
      let visible = false
      for (const [stream, chunk] of timeline) {
        if (stream === 'err') visible = chunk !== CLEAR
        else expect(visible, `progress line still shown when writing ${JSON.stringify(chunk)}`).toBe(false)
      }
      expect(timeline.at(-1)?.[0]).toBe('out')
      expect(stderr.chunks.at(-1)).toBe(CLEAR)
      // Nothing of the progress line reaches stdout.
      expect(stdout.text).not.toContain('done ·')
    })

    it('is absent when progress is off, even on a terminal', async () => {
      const { stderr } = await render(twoNodeRun(), { progress: false })
      expect(stderr.chunks).toEqual([])
    })

    it('uses the node count of the started event over the given total', async () => {
      const script = new EventScript().started(['a', 'b', 'c']).nodeStarted('a')
      const { stderr } = await render(script, { progress: true, total: 99 })
      expect(stderr.chunks).toContain(`${CLEAR}0/3 done · 0 failed · 1 running`)
      expect(stderr.chunks.join('')).not.toContain('/99')
    })
  })

  describe('colour', () => {
    it('is absent when the style has none', async () => {
      const { stdout, stderr } = await render(twoNodeRun(), { progress: true })
      expect(stdout.text).not.toContain('\u001b[')
      expect(stderr.text.replaceAll(CLEAR, '')).not.toContain('\u001b[')
    })

    it('colours prefixes, the stderr mark and the summary when the style has it', async () => {
      const { stdout } = await render(twoNodeRun(), { color: true })
      expect(stdout.text).toContain('\u001b[36mweb01\u001b[39m')
      expect(stdout.text).toContain('\u001b[31m!\u001b[39m oops')
      expect(stdout.text).toContain('\u001b[31m1 failed\u001b[39m')
      expect(stripAnsi(stdout.text)).toBe((await render(twoNodeRun())).stdout.text)
    })
  })

  it('prints each line as its event arrives from a slow stream, not at the end', async () => {
    const script = new EventScript().started(['a']).nodeStarted('a')
    for (let index = 0; index < 5; index++) script.output('a', `line ${index}\n`)
    script.nodeFinished('a').finished()
    const stdout = new RecordingOutput()
    const beforeEach: string[] = []
    await renderExecution(
      script.stream({ delayMs: 5, onYield: () => beforeEach.push(stdout.text) }),
      { stdout, stderr: new RecordingOutput(), style: plain, total: 1, progress: false },
    )
    // When "line 3" is about to be handed over (event 5), lines 0..2 are already out.
    expect(beforeEach[5]).toBe('a | line 0\na | line 1\na | line 2\n')
  })

  it('handles large output cut at arbitrary places', async () => {
    const lineCount = 20_000
    const text = Array.from({ length: lineCount }, (_, index) => `output line ${index} ${'x'.repeat(index % 50)}`).join('\n') + '\n'
    const script = new EventScript().started(['big']).nodeStarted('big')
    for (let at = 0, size = 1; at < text.length; at += size, size = (size * 7 + 3) % 4093 || 1) script.output('big', text.slice(at, at + size))
    script.nodeFinished('big').finished()
    const { stdout } = await render(script, { total: 1 })
    const printed = stdout.lines.slice(0, lineCount)
    expect(printed).toHaveLength(lineCount)
    expect(printed[0]).toBe('big | output line 0 ')
    expect(printed[12_345]).toBe(`big | output line 12345 ${'x'.repeat(12_345 % 50)}`)
    expect(stdout.lines.at(-1)).toBe('1 node: 1 succeeded, 0 failed')
  })

  it('waits for stdout to drain before asking for the next event', async () => {
    const script = new EventScript().started(['a']).output('a', 'one\n').output('a', 'two\n').nodeFinished('a').finished()
    const stdout = new RecordingOutput({ backpressure: true })
    let pulled = 0
    const rendering = renderExecution(script.stream({ onYield: () => pulled++ }), { stdout, stderr: new RecordingOutput(), style: plain, total: 1, progress: false })
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(pulled).toBe(2)
    expect(stdout.text).toBe('a | one\n')
    const drainer = setInterval(() => stdout.drain(), 1)
    await rendering.finally(() => clearInterval(drainer))
    expect(stdout.text).toContain('a | two\n')
  })
})
