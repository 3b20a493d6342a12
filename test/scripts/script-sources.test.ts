// ScriptSources on its own: what a script path resolves to, and the one error every
// refusal is, with roots; the reason, without.
import { spawnSync } from 'node:child_process'
import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { capabilityCatalog, type CapabilityDescriptor, type CapstanError } from 'capstan'
import { describe, expect, it } from 'vitest'
import { ScriptSources } from '../../src/scripts/index.js'
import { rejection } from '@capstan/test-support/async'
import { scratchDir } from '@capstan/test-support/scratch-dir'

const about = { capability: 'script.execute', field: 'script' }
const script = capabilityCatalog.find((d) => d.id === 'script.execute') as CapabilityDescriptor
const command = capabilityCatalog.find((d) => d.id === 'command.execute') as CapabilityDescriptor
const WITHIN_ROOTS = 'is not a readable regular file of at most 10.00 MiB inside the script directories this host allows (scripts.roots)'

/** A root holding `ok.sh`, a directory, a FIFO and links in and out; `outside` holds `secret.txt`. */
function layout() {
  const base = scratchDir('capstan-script-sources-')
  const root = join(base, 'root')
  const outside = join(base, 'outside')
  mkdirSync(join(root, 'dir'), { recursive: true })
  mkdirSync(outside)
  writeFileSync(join(root, 'ok.sh'), 'echo ok\n')
  writeFileSync(join(outside, 'secret.txt'), 'capstan-secret-marker\n')
  symlinkSync(join(root, 'ok.sh'), join(root, 'alias.sh'))
  symlinkSync(join(outside, 'secret.txt'), join(root, 'leak.sh'))
  symlinkSync(outside, join(root, 'out'))
  spawnSync('mkfifo', [join(root, 'pipe')])
  return { root, outside, realRoot: realpathSync(root) }
}

/** The refusal of `given`, with what it echoes of the caller's path taken out, for comparing shapes. */
async function refusal(sources: ScriptSources, given: string): Promise<{ error: CapstanError; shape: unknown }> {
  const error = await rejection(sources.resolve(given, about), 'VALIDATION_ERROR')
  const echoed = JSON.stringify(given)
  const shape = JSON.parse(JSON.stringify(error.toJSON()).split(JSON.stringify(echoed).slice(1, -1)).join('<given>'))
  return { error, shape }
}

describe('ScriptSources with roots', () => {
  it('resolves a path inside a root, absolute or relative to the first root, to its real path', async () => {
    const { root, realRoot } = layout()
    const sources = await ScriptSources.create({ roots: [root] })
    expect(sources.confined).toBe(true)
    expect(await sources.resolve(join(root, 'ok.sh'), about)).toBe(join(realRoot, 'ok.sh'))
    expect(await sources.resolve('ok.sh', about)).toBe(join(realRoot, 'ok.sh'))
    // A link inside the root to a file inside it: the plugin gets the file, not the link.
    expect(await sources.resolve('alias.sh', about)).toBe(join(realRoot, 'ok.sh'))
  })

  it('refuses every path outside, missing or not a regular file with one error that echoes only the given path', async () => {
    const { root, outside } = layout()
    const sources = await ScriptSources.create({ roots: [root] })
    const cases = {
      'a ../ escape': '../outside/secret.txt',
      'an absolute path outside': join(outside, 'secret.txt'),
      'a link inside the root to a file outside': 'leak.sh',
      'a path through a link to a directory outside': 'out/secret.txt',
      'a missing file inside': 'missing.sh',
      'a missing file outside': join(outside, 'missing.sh'),
      'a directory': 'dir',
      'the root itself': root,
      'a FIFO': 'pipe',
      'a device': '/dev/zero',
    }
    const shapes = []
    for (const [what, given] of Object.entries(cases)) {
      const { error, shape } = await refusal(sources, given)
      expect([what, error.details.issues]).toEqual([what, [{ path: 'script', message: `${JSON.stringify(given)} ${WITHIN_ROOTS}` }]])
      expect(error.details).toMatchObject({ field: 'script', capability: 'script.execute' })
      expect(error.cause).toBeUndefined()
      expect(JSON.stringify(error.toJSON())).not.toContain('capstan-secret-marker')
      shapes.push(shape)
    }
    // Whether the file exists, and what it is, changes nothing a caller sees.
    for (const shape of shapes) expect(shape).toEqual(shapes[0])
  })

  it('refuses a file inside the root larger than maxBytes, with the same message naming the bound', async () => {
    const { root } = layout()
    writeFileSync(join(root, 'big.sh'), 'x'.repeat(2048))
    const sources = await ScriptSources.create({ roots: [root], maxBytes: 1024 })
    const error = await rejection(sources.resolve('big.sh', about), 'VALIDATION_ERROR')
    expect(error.details.issues).toEqual([{ path: 'script', message: '"big.sh" is not a readable regular file of at most 1.00 KiB inside the script directories this host allows (scripts.roots)' }])
  })

  it('takes relative paths from baseDir when it is set, and still refuses what lies outside the roots', async () => {
    const { root, outside, realRoot } = layout()
    const sources = await ScriptSources.create({ roots: [root], baseDir: join(root, 'dir') })
    expect(await sources.resolve('../ok.sh', about)).toBe(join(realRoot, 'ok.sh'))
    await rejection(sources.resolve(relative(join(root, 'dir'), join(outside, 'secret.txt')), about), 'VALIDATION_ERROR')
  })

  it('accepts a script inside any of several roots, and refuses every script with an empty list', async () => {
    const { root, outside } = layout()
    const both = await ScriptSources.create({ roots: [root, outside] })
    expect(await both.resolve(join(outside, 'secret.txt'), about)).toBe(realpathSync(join(outside, 'secret.txt')))
    const none = await ScriptSources.create({ roots: [] })
    await rejection(none.resolve(join(root, 'ok.sh'), about), 'VALIDATION_ERROR')
  })

  it('prepares only the fields a descriptor lists in localFiles', async () => {
    const { root, realRoot } = layout()
    const sources = await ScriptSources.create({ roots: [root] })
    expect(await sources.prepare(script, { script: 'ok.sh', args: ['ok.sh'] })).toEqual({ script: join(realRoot, 'ok.sh'), args: ['ok.sh'] })
    const input = { command: '../outside/secret.txt' }
    expect(await sources.prepare(command, input)).toBe(input)
  })
})

describe('ScriptSources without roots (trusted callers)', () => {
  it('accepts any regular file this process can read, and says why it refuses one', async () => {
    const { root, outside } = layout()
    const sources = await ScriptSources.create({ baseDir: root })
    expect(sources.confined).toBe(false)
    expect(await sources.resolve('leak.sh', about)).toBe(realpathSync(join(outside, 'secret.txt')))
    const problems = await Promise.all(['missing.sh', 'dir', 'pipe', '/dev/zero'].map(async (given) => (await rejection(sources.resolve(given, about), 'VALIDATION_ERROR')).details.issues))
    expect(problems).toEqual([
      [{ path: 'script', message: '"missing.sh" does not exist' }],
      [{ path: 'script', message: '"dir" is not a regular file' }],
      [{ path: 'script', message: '"pipe" is not a regular file' }],
      [{ path: 'script', message: '"/dev/zero" is not a regular file' }],
    ])
    const small = await ScriptSources.create({ baseDir: root, maxBytes: 4 })
    expect((await rejection(small.resolve('ok.sh', about), 'VALIDATION_ERROR')).details.issues).toEqual([{ path: 'script', message: '"ok.sh" is larger than 4 bytes (scripts.maxBytes)' }])
  })
})

describe('ScriptSources.create', () => {
  it('names each root that is not an existing directory, with CONFIG_ERROR', async () => {
    const { root } = layout()
    const error = await rejection(ScriptSources.create({ roots: [root, join(root, 'nope'), join(root, 'ok.sh')] }), 'CONFIG_ERROR')
    expect(error.details.issues).toEqual([
      { path: 'scripts.roots[1]', message: `${JSON.stringify(join(root, 'nope'))} does not exist` },
      { path: 'scripts.roots[2]', message: `${JSON.stringify(join(root, 'ok.sh'))} is not a directory` },
    ])
  })
})
