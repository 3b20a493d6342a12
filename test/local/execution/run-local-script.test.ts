import { existsSync, realpathSync } from 'node:fs'
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { CapstanError } from 'capstan'
import { runLocalScript, type ScriptBatch } from '../../../src/local/execution/run-local-script.js'
import { collect, contextWith, finishedOf, localhost, outputOf, remote, stillRunning } from './local-batch.js'

describe('runLocalScript', () => {
  let dir: string
  beforeEach(async () => {
    dir = realpathSync(await mkdtemp(join(tmpdir(), 'capstan-script-')))
  })
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  async function script(name: string, text: string, executable = true): Promise<string> {
    const path = join(dir, name)
    await writeFile(path, text)
    await chmod(path, executable ? 0o755 : 0o644)
    return path
  }

  function batch(path: string, args: string[] = [], extra: Partial<ScriptBatch> = {}): ScriptBatch {
    return { nodes: [localhost], script: path, args, ...extra }
  }

  it('passes args as separate argv entries, spaces, quotes and $(...) intact', async () => {
    const marker = join(dir, 'spliced')
    const path = await script('args.sh', '#!/bin/sh\nfor a in "$@"; do printf "<%s>\\n" "$a"; done\n')
    const args = ['two words', `it's "quoted"`, `$(touch ${marker})`, '', '--flag=a b']
    const events = await collect(runLocalScript(batch(path, args), contextWith()))
    expect(outputOf(events)).toBe(args.map((a) => `<${a}>\n`).join(''))
    expect(existsSync(marker)).toBe(false)
    expect(finishedOf(events)).toMatchObject({ status: 'success', exitCode: 0 })
  })

  it('runs an executable script directly, so its shebang picks the interpreter', async () => {
    const path = await script('shebang', `#!${process.execPath}\nconsole.log('node', process.argv.slice(2).join('|'))\n`)
    expect(outputOf(await collect(runLocalScript(batch(path, ['a', 'b c']), contextWith())))).toBe('node a|b c\n')
  })

  it('runs a script without the execute bit through /bin/sh, or the interpreter of its extension', async () => {
    const sh = await script('plain', 'echo "sh $# $1"\n', false)
    expect(outputOf(await collect(runLocalScript(batch(sh, ['x y']), contextWith())))).toBe('sh 1 x y\n')
    const js = await script('plain.js', "console.log('js', process.argv.slice(2).join('|'))\n", false)
    expect(outputOf(await collect(runLocalScript(batch(js, ['p', 'q r']), contextWith())))).toBe('js p|q r\n')
  })

  it('resolves a relative script path from the working directory', async () => {
    const path = await script('rel.sh', '#!/bin/sh\necho relative\n')
    expect(outputOf(await collect(runLocalScript(batch(relative(process.cwd(), path)), contextWith())))).toBe('relative\n')
  })

  it('sets env for the script and reports its exit code', async () => {
    const path = await script('env.sh', '#!/bin/sh\nprintf %s "$GREETING"\nexit 4\n')
    const events = await collect(runLocalScript(batch(path, [], { env: { GREETING: 'hi $(there)' } }), contextWith()))
    expect(outputOf(events)).toBe('hi $(there)')
    expect(finishedOf(events)).toMatchObject({ status: 'failure', exitCode: 4 })
  })

  it('ends the node as error NOT_FOUND naming the path of a missing script', async () => {
    const missing = join(dir, 'missing.sh')
    const events = await collect(runLocalScript(batch(missing), contextWith()))
    const finished = finishedOf(events)
    expect(finished.status).toBe('error')
    expect(finished.error?.code).toBe('NOT_FOUND')
    expect(finished.error?.message).toContain(missing)
    expect(events.some((e) => e.type === 'node:started')).toBe(false)
  })

  it('refuses a directory as the script', async () => {
    expect(finishedOf(await collect(runLocalScript(batch(dir), contextWith()))).error?.message).toContain('is not a file')
  })

  it('refuses remote nodes', async () => {
    const path = await script('ok.sh', '#!/bin/sh\necho ok\n')
    const events = await collect(runLocalScript({ nodes: [remote], script: path, args: [] }, contextWith()))
    expect(finishedOf(events, remote.id)).toMatchObject({ status: 'error', error: { code: 'NOT_FOUND' } })
    expect(outputOf(events)).toBe('')
  })

  it('kills the script on abort and ends the node as timeout', async () => {
    const path = await script('slow.sh', '#!/bin/sh\necho $$\nexec sleep 30\n')
    const controller = new AbortController()
    const events = []
    for await (const event of runLocalScript(batch(path), contextWith(controller.signal), { graceMs: 200 })) {
      events.push(event)
      if (event.type === 'node:output') controller.abort(new CapstanError('TIMEOUT'))
    }
    expect(finishedOf(events)).toMatchObject({ status: 'timeout', exitCode: null, signal: 'SIGTERM' })
    expect(await stillRunning([Number(outputOf(events).trim())])).toEqual([])
  })
})
