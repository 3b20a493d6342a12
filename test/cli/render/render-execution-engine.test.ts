import { localPlugin } from 'capstan'
import { createTestCapstan } from 'capstan/testing'
import { describe, expect, it } from 'vitest'
import { createStyle, renderExecution, renderNdjson } from '../../../src/cli/render/index.js'
import { RecordingOutput } from './recording-output.js'

// The renderers against the real execution engine and local plugin: the event stream as the CLI will get it.
describe('rendering a real execution', () => {
  it('renderExecution: prefixed stdout and stderr lines, then the failure summary; progress erased', async () => {
    await using capstan = await createTestCapstan({ plugins: [localPlugin()] })
    const run = capstan.command.execute({ targets: 'localhost', command: "echo hello; printf 'no newline'; echo oops >&2; exit 3" })
    const stdout = new RecordingOutput()
    const stderr = new RecordingOutput({ isTTY: true })
    const outcome = await renderExecution(run, { stdout, stderr, style: createStyle({ color: false }), total: 1, progress: true, progressIntervalMs: 0 })
    const lines = stdout.lines
    expect(lines).toContain('localhost | hello')
    expect(lines).toContain('localhost ! oops')
    expect(lines).toContain('localhost | no newline')
    expect(lines.slice(-5)).toEqual(['Failed on 1 node:', 'NODE       STATUS   EXIT  ERROR', 'localhost  failure  3', '', '1 node: 0 succeeded, 1 failed'])
    expect(outcome.failed).toBe(1)
    expect(outcome.result?.status).toBe('failure')
    expect(stderr.text).toContain('1/1 done · 1 failed · 0 running')
    expect(stderr.chunks.at(-1)).toBe('\r\u001b[2K')
  })

  it('renderNdjson: one parseable line per event, from queued to finished', async () => {
    await using capstan = await createTestCapstan({ plugins: [localPlugin()] })
    const run = capstan.command.execute({ targets: 'localhost', command: 'echo hi' })
    const stdout = new RecordingOutput()
    const outcome = await renderNdjson(run, stdout)
    const events = stdout.lines.map((line) => JSON.parse(line) as { type: string; seq: number })
    expect(events[0]?.type).toBe('queued')
    expect(events.at(-1)?.type).toBe('finished')
    expect(events.map((event) => event.seq)).toEqual(events.map((_, index) => index))
    expect(outcome).toMatchObject({ failed: 0, succeeded: 1 })
  })
})
