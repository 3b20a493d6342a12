// Issue 35 part 8, end to end over SSH: naming the test sshd's sudo password file as the
// script used to upload it to the node and bring its content back in stderr (the shell
// ran the password as a command). With scripts.roots the host refuses it before the SSH
// plugin is called, and the content appears nowhere a caller can see.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createCapstan, isCapstanError, type Capstan, type ExecutionEvent } from 'capstan'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { infraEnv } from '@capstan/test-support/infra-env'
import { needs } from '@capstan/test-support/requirement'
import { sshPlugin } from '../../src/index.js'
import { sshdRunning } from '../support/requirements.js'

const env = infraEnv()
const MARKER = `capstan-secret-marker-${process.pid}`

needs(sshdRunning).describe('script.execute over SSH with scripts.roots', () => {
  let dir: string
  let root: string
  let capstan: Capstan
  const passwordFile = join(env.SSH_INFRA ?? '', 'sudo-password')
  const password = () => readFileSync(passwordFile, 'utf8').trim()

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'capstan-ssh-script-roots-'))
    root = join(dir, 'scripts')
    mkdirSync(root)
    writeFileSync(join(root, 'hello.sh'), '#!/bin/sh\necho "hello $1"\n')
    writeFileSync(join(dir, 'secret.txt'), `${MARKER}\n`)
    symlinkSync(passwordFile, join(root, 'password.sh'))
    const plugin = sshPlugin({
      hosts: [{ name: 'main', host: env.SSH_HOST ?? '127.0.0.1', port: Number(env.SSH_PORT ?? 2222), user: env.SSH_USER ?? 'capstan' }],
      privateKeyPath: env.SSH_KEY as string,
      knownHosts: join(env.SSH_INFRA ?? '', 'known_hosts'),
      connectTimeoutMs: 5_000,
    })
    capstan = await createCapstan({ plugins: [plugin], scripts: { roots: [root] } })
  })

  afterAll(async () => {
    await capstan?.close()
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
  })

  /** The events, the result's error and what `run` settled with, as one text to search. */
  async function everythingSeen(script: string): Promise<{ code: string | undefined; events: ExecutionEvent[]; text: string }> {
    const run = capstan.script.execute({ targets: 'main', script })
    const events: ExecutionEvent[] = []
    let streamError: unknown
    try {
      for await (const event of run) events.push(event)
    } catch (error) {
      streamError = error
    }
    const outcome = await run.result.then(
      (result) => ({ result }),
      (error: unknown) => ({ error }),
    )
    const error = 'error' in outcome ? outcome.error : undefined
    const seen = [events, 'result' in outcome ? outcome.result : undefined, isCapstanError(error) ? error.toJSON() : String(error), isCapstanError(streamError) ? streamError.toJSON() : String(streamError)]
    return { code: isCapstanError(error) ? error.code : undefined, events, text: JSON.stringify(seen) }
  }

  it('runs a script inside the root on the node', async () => {
    const result = await capstan.script.run({ targets: 'main', script: 'hello.sh', args: ['there'] })
    expect(result.nodes.map((n) => [n.node, n.status, n.stdout])).toEqual([['main', 'success', 'hello there\n']])
  })

  it.each([
    ['the sudo password file, by its path', () => passwordFile],
    ['the sudo password file, through a link inside the root', () => 'password.sh'],
    ['a secret outside the root, by a ../ path', () => '../secret.txt'],
  ])('refuses %s before the SSH plugin runs; its content appears nowhere', async (_what, pick) => {
    const { code, events, text } = await everythingSeen(pick())
    expect(code).toBe('VALIDATION_ERROR')
    expect(events).toEqual([])
    expect(text).toContain('scripts.roots')
    expect(text).not.toContain(password())
    expect(text).not.toContain(MARKER)
  })
})
