import { chmodSync, existsSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { isCapstanError } from '../../../src/errors/capstan-error.js'
import { runProcess, type ProcessEvent, type RunProcessOptions } from '../../../src/execution/process/index.js'
import { thrownBy } from '@capstan/test-support/errors'
import { isRunning } from '@capstan/test-support/process-liveness'

const node = process.execPath
const scratch = mkdtempSync(join(tmpdir(), 'capstan-run-process-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

async function events(options: RunProcessOptions): Promise<ProcessEvent[]> {
  const seen: ProcessEvent[] = []
  for await (const event of runProcess(options)) seen.push(event)
  return seen
}

function text(seen: ProcessEvent[], stream: 'stdout' | 'stderr'): string {
  return seen.map((e) => (e.type === 'output' && e.stream === stream ? e.chunk : '')).join('')
}

// Not @capstan/test-support's thrownBy: that module loads the whole SDK, and this folder must test on its own.

async function firstNextError(options: RunProcessOptions): Promise<unknown> {
  return runProcess(options).next().then(
    () => undefined,
    (error: unknown) => error,
  )
}

describe('runProcess', () => {
  it('yields spawn, each stream in order, then exit with the exit code', async () => {
    const seen = await events({ argv: ['/bin/sh', '-c', 'echo one; echo err1 >&2; echo two; echo err2 >&2; exit 3'] })
    expect(seen[0]).toMatchObject({ type: 'spawn', pid: expect.any(Number) })
    expect(text(seen, 'stdout')).toBe('one\ntwo\n')
    expect(text(seen, 'stderr')).toBe('err1\nerr2\n')
    expect(seen.at(-1)).toEqual({ type: 'exit', exitCode: 3, signal: null, killed: false, maxQueuedBytes: expect.any(Number) })
    expect(seen.filter((e) => e.type === 'exit')).toHaveLength(1)
  })

  it('yields output while the process is still running', async () => {
    let pid = 0
    for await (const event of runProcess({ argv: ['/bin/sh', '-c', 'echo first; sleep 1; echo second'] })) {
      if (event.type === 'spawn') pid = event.pid
      if (event.type === 'output') {
        expect(event.chunk).toBe('first\n')
        expect(isRunning(pid)).toBe(true)
        break
      }
    }
  })

  it('yields every byte before the exit event', async () => {
    const seen = await events({ argv: [node, '-e', "process.stdout.write('x'.repeat(3_000_000)); process.stderr.write('y'.repeat(500_000))"] })
    const exitAt = seen.findIndex((e) => e.type === 'exit')
    expect(exitAt).toBe(seen.length - 1)
    expect(text(seen, 'stdout')).toHaveLength(3_000_000)
    expect(text(seen, 'stderr')).toHaveLength(500_000)
    expect(seen.reduce((sum, e) => sum + (e.type === 'output' ? e.bytes : 0), 0)).toBe(3_500_000)
  })

  it('writes stdin (string or Buffer) and closes it', async () => {
    expect(text(await events({ argv: ['cat'], stdin: 'hello\nwörld' }), 'stdout')).toBe('hello\nwörld')
    expect(text(await events({ argv: ['cat'], stdin: Buffer.from([0x68, 0x69]) }), 'stdout')).toBe('hi')
  })

  it('closes stdin when none is given, so a reader sees end of input at once', async () => {
    const seen = await events({ argv: ['cat'] })
    expect(text(seen, 'stdout')).toBe('')
    expect(seen.at(-1)).toMatchObject({ type: 'exit', exitCode: 0 })
  })

  it('passes env over the inherited environment', async () => {
    process.env.CAPSTAN_TEST_INHERITED = 'from-parent'
    process.env.CAPSTAN_TEST_OVERRIDDEN = 'parent'
    try {
      const seen = await events({
        argv: ['/bin/sh', '-c', 'printf "%s|%s|%s" "$CAPSTAN_TEST_GIVEN" "$CAPSTAN_TEST_INHERITED" "$CAPSTAN_TEST_OVERRIDDEN"'],
        env: { CAPSTAN_TEST_GIVEN: 'a b; $(no)', CAPSTAN_TEST_OVERRIDDEN: 'child' },
      })
      expect(text(seen, 'stdout')).toBe('a b; $(no)|from-parent|child')
    } finally {
      delete process.env.CAPSTAN_TEST_INHERITED
      delete process.env.CAPSTAN_TEST_OVERRIDDEN
    }
  })

  it('gives only env when inheritEnv is false', async () => {
    const seen = await events({ argv: ['/usr/bin/env'], env: { ONLY: '1' }, inheritEnv: false })
    expect(text(seen, 'stdout')).toBe('ONLY=1\n')
  })

  it('runs in cwd', async () => {
    const seen = await events({ argv: ['/bin/sh', '-c', 'pwd -P'], cwd: scratch })
    expect(text(seen, 'stdout')).toBe(`${realpathSync(scratch)}\n`)
  })

  it('never splits a multibyte character written one byte at a time', async () => {
    const script = `const b = Buffer.from('a😀'); let i = 0
      const t = setInterval(() => { process.stdout.write(b.subarray(i, i + 1)); if (++i === b.length) clearInterval(t) }, 40)`
    const output = (await events({ argv: [node, '-e', script] })).filter((e) => e.type === 'output')
    expect(output).toEqual([
      { type: 'output', stream: 'stdout', chunk: 'a', bytes: 1 },
      { type: 'output', stream: 'stdout', chunk: '😀', bytes: 4 },
    ])
  })

  it('decodes with the given encoding', async () => {
    expect(text(await events({ argv: ['printf', 'AB'], encoding: 'hex' }), 'stdout')).toBe('4142')
  })

  it('reports a death by signal', async () => {
    const seen = await events({ argv: ['/bin/sh', '-c', 'kill -TERM $$'] })
    expect(seen.at(-1)).toMatchObject({ type: 'exit', exitCode: null, signal: 'SIGTERM', killed: false })
  })

  describe('when the process cannot start', () => {
    it('throws NOT_FOUND naming the executable from the first next(), not from the call', async () => {
      const run = runProcess({ argv: ['capstan-no-such-binary', '--secret-arg'] })
      const error = await run.next().catch((e: unknown) => e)
      expect(isCapstanError(error, 'NOT_FOUND')).toBe(true)
      expect((error as Error).message).toContain('"capstan-no-such-binary"')
      expect((error as Error).message).toContain('ENOENT')
      expect((error as Error).message).not.toContain('--secret-arg')
      expect((error as Error).cause).toMatchObject({ code: 'ENOENT' })
      expect(await run.next()).toEqual({ done: true, value: undefined })
    })

    it('throws PLUGIN_ERROR for a file that is not executable', async () => {
      const file = join(scratch, 'not-executable.sh')
      writeFileSync(file, 'echo hi\n')
      chmodSync(file, 0o644)
      const error = await firstNextError({ argv: [file] })
      expect(isCapstanError(error, 'PLUGIN_ERROR')).toBe(true)
      expect((error as Error).message).toContain(file)
      expect((error as Error).message).toContain('EACCES')
      expect((error as { details: unknown }).details).toMatchObject({ executable: file, reason: 'EACCES' })
    })

    it('names a missing working directory instead of the executable', async () => {
      const cwd = join(scratch, 'missing')
      const error = await firstNextError({ argv: ['/bin/sh', '-c', 'true'], cwd })
      expect(isCapstanError(error, 'NOT_FOUND')).toBe(true)
      expect((error as Error).message).toContain(cwd)
    })

    it('throws CANCELLED and starts nothing when the signal has already aborted', async () => {
      const marker = join(scratch, 'started')
      const error = await firstNextError({ argv: ['/bin/sh', '-c', `touch ${marker}`], signal: AbortSignal.abort('too late') })
      expect(isCapstanError(error, 'CANCELLED')).toBe(true)
      expect((error as Error).cause).toBe('too late')
      await new Promise((resolve) => setTimeout(resolve, 200))
      expect(existsSync(marker)).toBe(false)
    })
  })

  describe('options', () => {
    it('are checked at the call, naming the field but never its value', () => {
      const error = thrownBy(() => runProcess({ argv: ['env'], env: { TOKEN: 's3cret\0' } }))
      expect(error.code).toBe('VALIDATION_ERROR')
      expect(error.message).toContain('env.TOKEN')
      expect(error.message).not.toContain('s3cret')
    })

    it('reject an empty executable, unknown keys and a negative grace', () => {
      expect(thrownBy(() => runProcess({ argv: [''] })).message).toContain('argv[0]')
      expect(thrownBy(() => runProcess({ argv: ['true'], graceMS: 1 } as RunProcessOptions)).message).toContain('graceMS')
      expect(thrownBy(() => runProcess({ argv: ['true'], graceMs: -1 })).message).toContain('graceMs')
      expect(thrownBy(() => runProcess({ argv: ['true'], encoding: 'utf9' as BufferEncoding })).message).toContain('encoding')
    })
  })
})
