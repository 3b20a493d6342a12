// Issue 35 part 8: `script.execute` read any file the host process could, so naming a
// secret as the script sent it to the nodes (and its content came back in stderr). With
// `scripts.roots`, a script outside them is refused before any plugin runs, with one error
// whatever the file is or whether it exists.
import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createCapstan, type ExecutionEvent } from 'capstan'
import { createTestCapstan } from 'capstan/testing'
import { describe, expect, it } from 'vitest'
import { rejection } from '@capstan/test-support/async'
import { recordingRunner } from '../support/execution-plugin.js'
import { fakePlugin } from '../support/fake-plugin.js'
import { scratchDir } from '@capstan/test-support/scratch-dir'

const MARKER = 'capstan-secret-marker-35-8'

/** A root with `deploy.sh` and a directory; a secret outside it, linked from inside. */
function layout() {
  const base = scratchDir('capstan-script-roots-')
  const root = join(base, 'scripts')
  mkdirSync(join(root, 'lib'), { recursive: true })
  writeFileSync(join(root, 'deploy.sh'), 'echo deploy\n')
  writeFileSync(join(base, 'secret'), `${MARKER}\n`)
  symlinkSync(join(base, 'secret'), join(root, 'leak.sh'))
  return { base, root, secret: join(base, 'secret') }
}

async function confinedHost(roots: string[]) {
  const { runner, calls, inputs } = recordingRunner('script.execute')
  const capstan = await createTestCapstan({ plugins: [fakePlugin('cmdb', { nodes: [{ id: 'n1' }] }).plugin, runner], scripts: { roots } })
  return { capstan, calls, inputs }
}

/** Every event of `run` until its stream ends (with an error or not). */
async function eventsOf(run: AsyncIterable<ExecutionEvent>): Promise<ExecutionEvent[]> {
  const events: ExecutionEvent[] = []
  try {
    for await (const event of run) events.push(event)
  } catch {
    // A refused execution ends its stream with the error, which `result` carries too.
  }
  return events
}

describe('script.execute with scripts.roots', () => {
  it('runs a script inside a root, named relative to it or absolutely; the plugin gets its real path', async () => {
    const { root } = layout()
    const { capstan, calls, inputs } = await confinedHost([root])
    await using _ = capstan
    expect((await capstan.script.run({ targets: 'n1', script: 'deploy.sh', args: ['a'] })).status).toBe('success')
    expect((await capstan.script.run({ targets: 'n1', script: join(root, 'deploy.sh') })).status).toBe('success')
    expect(calls).toEqual(['n1', 'n1'])
    expect(inputs.map((i) => i.script)).toEqual([realpathSync(join(root, 'deploy.sh')), realpathSync(join(root, 'deploy.sh'))])
    expect(inputs[0]?.args).toEqual(['a'])
  })

  it.each([
    ['a ../ escape', () => '../secret'],
    ['an absolute path outside the roots', (paths: ReturnType<typeof layout>) => paths.secret],
    ['a link inside the root to a file outside', () => 'leak.sh'],
    ['a missing file', () => 'missing.sh'],
    ['a directory', () => 'lib'],
  ])('refuses %s before any plugin runs, with the one error every refusal gives', async (_what, pick) => {
    const paths = layout()
    const { capstan, calls } = await confinedHost([paths.root])
    await using _ = capstan
    const script = pick(paths)
    const run = capstan.script.execute({ targets: 'n1', script })
    const events = await eventsOf(run)
    const error = await rejection(run.result, 'VALIDATION_ERROR')
    expect(error.message).toBe(`Invalid input for script.execute: script: ${JSON.stringify(script)} is not a readable regular file of at most 10.00 MiB inside the script directories this host allows (scripts.roots)`)
    expect(error.details).toMatchObject({ field: 'script', capability: 'script.execute', issues: [{ path: 'script' }] })
    await expect(run.ready).rejects.toBe(error)
    expect(events).toEqual([])
    expect(calls).toEqual([])
    expect(JSON.stringify([error.toJSON(), events])).not.toContain(MARKER)
    // invoke, which awaits acceptance, rejects with it.
    await rejection(capstan.invoke('script.execute', { targets: 'n1', script }), 'VALIDATION_ERROR')
    expect(calls).toEqual([])
  })

  it('checks permission first: a principal who may not run scripts is refused PERMISSION_DENIED, whatever the path', async () => {
    const { root, secret } = layout()
    const { runner, calls } = recordingRunner('script.execute')
    await using capstan = await createTestCapstan({
      plugins: [fakePlugin('cmdb', { nodes: [{ id: 'n1' }] }).plugin, runner],
      scripts: { roots: [root] },
      policy: { roles: { operator: { allow: ['command.execute'] } } },
    })
    const principal = { id: 'alice', roles: ['operator'] }
    await rejection(capstan.script.run({ targets: 'n1', script: secret }, { principal }), 'PERMISSION_DENIED')
    await rejection(capstan.script.run({ targets: 'n1', script: 'deploy.sh' }, { principal }), 'PERMISSION_DENIED')
    expect(calls).toEqual([])
  })
})

describe('script.execute without scripts.roots', () => {
  it('runs any regular file (trusted callers), and warns once at start when a policy says callers are not all trusted', async () => {
    const { secret } = layout()
    const { runner, inputs } = recordingRunner('script.execute')
    await using capstan = await createTestCapstan({ plugins: [fakePlugin('cmdb', { nodes: [{ id: 'n1' }] }).plugin, runner], policy: { roles: { admin: { allow: ['*'] } } } })
    expect(capstan.logger.records.filter((r) => r.level === 'warn').map((r) => r.msg)).toEqual([
      'a policy is set but scripts.roots is not: script.execute may send any file this process can read to the nodes',
    ])
    expect((await capstan.script.run({ targets: 'n1', script: secret }, { principal: { id: 'root', roles: ['admin'] } })).status).toBe('success')
    expect(inputs.map((i) => i.script)).toEqual([realpathSync(secret)])
  })

  it('does not warn without a policy, and still refuses what is no regular file', async () => {
    const { root } = layout()
    const { runner, calls } = recordingRunner('script.execute')
    await using capstan = await createTestCapstan({ plugins: [fakePlugin('cmdb', { nodes: [{ id: 'n1' }] }).plugin, runner] })
    expect(capstan.logger.records.filter((r) => r.level === 'warn')).toEqual([])
    const error = await rejection(capstan.script.run({ targets: 'n1', script: '/dev/zero' }), 'VALIDATION_ERROR')
    expect(error.details.issues).toEqual([{ path: 'script', message: '"/dev/zero" is not a regular file' }])
    await rejection(capstan.script.run({ targets: 'n1', script: join(root, 'lib') }), 'VALIDATION_ERROR')
    expect(calls).toEqual([])
  })
})

describe('createCapstan checks scripts options', () => {
  it.each([
    ['a relative root', () => ({ roots: ['scripts'] }), 'scripts.roots[0]', 'must be an absolute path'],
    ['a root that does not exist', (root: string) => ({ roots: [root, join(root, 'nope')] }), 'scripts.roots[1]', 'does not exist'],
    ['a root that is a file', (root: string) => ({ roots: [join(root, 'deploy.sh')] }), 'scripts.roots[0]', 'is not a directory'],
    ['a relative baseDir', () => ({ baseDir: 'here' }), 'scripts.baseDir', 'must be an absolute path'],
    ['a maxBytes of 0', () => ({ maxBytes: 0 }), 'scripts.maxBytes', 'expected number to be >0'],
  ])('refuses %s with CONFIG_ERROR naming the field', async (_what, scripts, path, message) => {
    const error = await rejection(createCapstan({ scripts: scripts(layout().root) }), 'CONFIG_ERROR')
    expect(error.details.issues).toEqual([{ path, message: expect.stringContaining(message) }])
  })
})
