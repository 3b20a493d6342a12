import { existsSync, realpathSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { CapstanError, type NodeEvent } from 'capstan'
import { runLocalCommand, type CommandBatch } from '../../../src/local/execution/run-local-command.js'
import { collect, contextWith, finishedOf, localhost, outputOf, remote, stillRunning } from './local-batch.js'

function batch(command: string, extra: Partial<CommandBatch> = {}): CommandBatch {
  return { nodes: [localhost], command, ...extra }
}

/** Runs until `ready` holds for the output so far, then aborts with `reason`; returns every event. */
async function abortWhen(command: string, ready: (stdout: string) => boolean, reason: CapstanError): Promise<NodeEvent[]> {
  const controller = new AbortController()
  const events: NodeEvent[] = []
  for await (const event of runLocalCommand(batch(command), contextWith(controller.signal), { graceMs: 200 })) {
    events.push(event)
    if (!controller.signal.aborted && ready(outputOf(events))) controller.abort(reason)
  }
  return events
}

describe('runLocalCommand', () => {
  let dir: string
  beforeEach(async () => {
    dir = realpathSync(await mkdtemp(join(tmpdir(), 'capstan-cmd-')))
  })
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('runs the command through /bin/sh -c and streams stdout and stderr, exit 0 → success', async () => {
    const events = await collect(runLocalCommand(batch('echo out; echo err >&2; echo "$0"'), contextWith()))
    expect(events[0]).toEqual({ type: 'node:started', node: 'localhost' })
    expect(outputOf(events)).toBe('out\n/bin/sh\n')
    expect(outputOf(events, 'stderr')).toBe('err\n')
    expect(finishedOf(events)).toEqual({ type: 'node:finished', node: 'localhost', status: 'success', exitCode: 0 })
    expect(events[events.length - 1]?.type).toBe('node:finished')
  })

  it('reports a non-zero exit as failure with its exit code and no error object', async () => {
    const finished = finishedOf(await collect(runLocalCommand(batch('exit 3'), contextWith())))
    expect(finished.status).toBe('failure')
    expect(finished.exitCode).toBe(3)
    expect(finished.error).toBeUndefined()
  })

  it('passes env through the environment, never spliced into the command line', async () => {
    const marker = join(dir, 'spliced')
    const value = `$(touch ${marker}) \`touch ${marker}\` "; touch ${marker}`
    const events = await collect(runLocalCommand(batch('printf %s "$CAPSTAN_VALUE"', { env: { CAPSTAN_VALUE: value } }), contextWith()))
    expect(outputOf(events)).toBe(value)
    expect(existsSync(marker)).toBe(false)
    expect(finishedOf(events).status).toBe('success')
  })

  it('runs in the requested working directory, and ends as error NOT_FOUND when it does not exist', async () => {
    expect(outputOf(await collect(runLocalCommand(batch('pwd', { cwd: dir }), contextWith())))).toBe(`${dir}\n`)
    const missing = join(dir, 'nope')
    const finished = finishedOf(await collect(runLocalCommand(batch('pwd', { cwd: missing }), contextWith())))
    expect(finished.status).toBe('error')
    expect(finished.error?.code).toBe('NOT_FOUND')
    expect(finished.error?.message).toContain(missing)
  })

  it('kills the whole process group on a TIMEOUT abort and ends the node as timeout', async () => {
    // The shell prints its own pid and its background child's, then waits on it.
    const events = await abortWhen('sleep 30 & echo "$$ $!"; wait', (out) => out.includes('\n'), new CapstanError('TIMEOUT', { message: 'node time is up' }))
    const pids = outputOf(events).trim().split(' ').map(Number)
    expect(pids).toHaveLength(2)
    const finished = finishedOf(events)
    expect(finished).toMatchObject({ status: 'timeout', exitCode: null, signal: 'SIGTERM', error: { code: 'TIMEOUT' } })
    expect(await stillRunning(pids)).toEqual([])
  })

  it('ends the node as cancelled on a CANCELLED abort, and kills it', async () => {
    const events = await abortWhen('echo $$; exec sleep 30', (out) => out.includes('\n'), new CapstanError('CANCELLED', { message: 'caller cancelled' }))
    expect(finishedOf(events)).toMatchObject({ status: 'cancelled', exitCode: null, error: { code: 'CANCELLED' } })
    expect(await stillRunning([Number(outputOf(events).trim())])).toEqual([])
  })

  it('escalates to SIGKILL after graceMs for a shell that ignores SIGTERM', async () => {
    const started = Date.now()
    const events = await abortWhen("trap '' TERM; echo $$; while :; do sleep 0.05; done", (out) => out.includes('\n'), new CapstanError('TIMEOUT'))
    expect(finishedOf(events)).toMatchObject({ status: 'timeout', exitCode: null, signal: 'SIGKILL' })
    expect(await stillRunning([Number(outputOf(events).trim())])).toEqual([])
    expect(Date.now() - started).toBeLessThan(5000)
  })

  it('runs nothing once the signal has aborted: the node ends with the abort status', async () => {
    const marker = join(dir, 'ran')
    const controller = new AbortController()
    controller.abort(new CapstanError('TIMEOUT'))
    const events = await collect(runLocalCommand(batch(`touch ${marker}`), contextWith(controller.signal)))
    expect(events).toEqual([{ type: 'node:finished', node: 'localhost', status: 'timeout', exitCode: null, error: expect.objectContaining({ code: 'TIMEOUT' }) }])
    expect(existsSync(marker)).toBe(false)
  })

  it('refuses nodes that are not local with error NOT_FOUND and still runs localhost', async () => {
    const events = await collect(runLocalCommand({ nodes: [remote, localhost], command: 'echo hi' }, contextWith()))
    const refused = finishedOf(events, remote.id)
    expect(refused.status).toBe('error')
    expect(refused.error?.code).toBe('NOT_FOUND')
    expect(refused.error?.message).toContain('only on localhost')
    expect(events.some((e) => e.node === remote.id && e.type !== 'node:finished')).toBe(false)
    expect(finishedOf(events).status).toBe('success')
  })

  it('runs any node whose transport is local', async () => {
    const events = await collect(runLocalCommand({ nodes: [{ ...remote, id: 'box', transport: 'local' }], command: 'echo hi' }, contextWith()))
    expect(finishedOf(events, 'box').status).toBe('success')
  })

  it('refuses runAs with a clear error and runs nothing', async () => {
    const marker = join(dir, 'ran')
    const events = await collect(runLocalCommand(batch(`touch ${marker}`, { runAs: 'postgres' }), contextWith()))
    const finished = finishedOf(events)
    expect(finished.status).toBe('error')
    expect(finished.error?.message).toMatch(/cannot run commands as another user.*postgres/)
    expect(existsSync(marker)).toBe(false)
  })
})
