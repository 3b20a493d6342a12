import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { findConfig } from '../../../src/cli/config/index.js'
import { scratchDir } from '@capstan/test-support/scratch-dir'
import { configErrorOf, writeTree } from './config-fixtures.js'

describe('findConfig', () => {
  it('finds the file in a parent directory when the working directory has none', async () => {
    const root = scratchDir('capstan-find-')
    await writeTree(root, { 'capstan.config.yaml': 'plugins: []\n' })
    const cwd = join(root, 'a', 'b', 'c')
    await mkdir(cwd, { recursive: true })
    expect(await findConfig(cwd)).toBe(join(root, 'capstan.config.yaml'))
  })

  it('prefers the nearest directory over a farther one with a higher-ranked name', async () => {
    const root = scratchDir('capstan-find-')
    await writeTree(root, { 'capstan.config.mjs': 'export default {}\n', 'a/capstan.config.yml': '{}\n' })
    const cwd = join(root, 'a', 'b')
    await mkdir(cwd, { recursive: true })
    expect(await findConfig(cwd)).toBe(join(root, 'a', 'capstan.config.yml'))
  })

  it('picks mjs, js, json, yaml, yml in that order within one directory', async () => {
    const root = scratchDir('capstan-find-')
    const names = ['capstan.config.yml', 'capstan.config.yaml', 'capstan.config.json', 'capstan.config.js', 'capstan.config.mjs']
    // Add the names from lowest to highest rank: each addition must take over.
    for (const name of names) {
      await writeTree(root, { [name]: '{}' })
      expect(await findConfig(root)).toBe(join(root, name))
    }
  })

  it('ignores a directory named like a config file', async () => {
    const root = scratchDir('capstan-find-')
    await mkdir(join(root, 'capstan.config.mjs'))
    await writeTree(root, { 'capstan.config.json': '{}' })
    expect(await findConfig(root)).toBe(join(root, 'capstan.config.json'))
  })

  it('returns undefined when no directory up to the root has one', async () => {
    // The system temp dir and its parents are assumed free of capstan.config.* files.
    const root = scratchDir('capstan-find-')
    expect(await findConfig(root)).toBeUndefined()
  })

  it('uses --config resolved against the working directory, even with another file nearer', async () => {
    const root = scratchDir('capstan-find-')
    await writeTree(root, { 'capstan.config.mjs': 'export default {}\n', 'conf/ops.yaml': '{}\n' })
    expect(await findConfig(root, 'conf/ops.yaml')).toBe(join(root, 'conf', 'ops.yaml'))
    expect(await findConfig('/elsewhere', join(root, 'conf', 'ops.yaml'))).toBe(join(root, 'conf', 'ops.yaml'))
  })

  it('fails with CONFIG_ERROR naming --config when that file does not exist', async () => {
    const root = scratchDir('capstan-find-')
    await writeTree(root, { 'capstan.config.json': '{}' })
    const error = await configErrorOf(findConfig(root, 'missing.yaml'))
    expect(error.message).toContain('--config')
    expect(error.message).toContain(join(root, 'missing.yaml'))
    expect(error.details).toMatchObject({ field: '--config', file: join(root, 'missing.yaml') })
  })
})
