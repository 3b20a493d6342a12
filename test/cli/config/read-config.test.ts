import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readConfig } from '../../../src/cli/config/index.js'
import { scratchDir } from '@capstan/test-support/scratch-dir'
import { configErrorOf, writeTree } from './config-fixtures.js'

const expected = {
  plugins: ['@capstan/plugin-bolt', { module: './plugins/fake', options: { region: 'eu' }, priority: 5, timeoutMs: 1000, concurrency: 2 }],
  host: { concurrency: 8, providerTimeoutMs: 5000, killGraceMs: 100, cache: { inventoryTtlMs: 60000 } },
}

async function configFile(name: string, text: string): Promise<string> {
  const root = scratchDir('capstan-read-')
  await writeTree(root, { [name]: text })
  return join(root, name)
}

describe('readConfig', () => {
  it('reads an .mjs default export object', async () => {
    const file = await configFile('capstan.config.mjs', `export default ${JSON.stringify(expected)}\n`)
    expect(await readConfig(file)).toEqual(expected)
  })

  it('reads a .js default export function returning a promise', async () => {
    const file = await configFile('capstan.config.js', `export default async function () { return { local: false, host: { concurrency: 3 } } }\n`)
    expect(await readConfig(file)).toEqual({ local: false, host: { concurrency: 3 } })
  })

  it('reads a .json file', async () => {
    const file = await configFile('capstan.config.json', JSON.stringify(expected))
    expect(await readConfig(file)).toEqual(expected)
  })

  it('reads a .yaml file, applying the local plugin defaults', async () => {
    const yaml = ['plugins:', '  - "@capstan/plugin-bolt"', '  - module: ./plugins/fake', '    priority: 5', 'local:', '  inventoryFile: ./inventory.yaml', 'host:', '  concurrency: 4', ''].join('\n')
    const file = await configFile('capstan.config.yaml', yaml)
    expect(await readConfig(file)).toEqual({
      plugins: ['@capstan/plugin-bolt', { module: './plugins/fake', priority: 5 }],
      local: { inventoryFile: './inventory.yaml', localhost: true, name: 'local' },
      host: { concurrency: 4 },
    })
  })

  it('reads an empty .yml file as an empty configuration', async () => {
    expect(await readConfig(await configFile('capstan.config.yml', ''))).toEqual({})
  })

  it('names the unknown field, the file and its YAML line', async () => {
    const yaml = ['plugins:', '  - module: ./a', '  - module: ./b', '    prority: 3', ''].join('\n')
    const file = await configFile('capstan.config.yaml', yaml)
    const error = await configErrorOf(readConfig(file))
    expect(error.details).toMatchObject({ file, field: 'plugins[1].prority', line: 4 })
    expect(error.message).toContain(`${file}:4: plugins[1].prority: unknown field "prority"`)
  })

  it('names every bad field of a JSON file, nested ones included', async () => {
    const file = await configFile('capstan.config.json', JSON.stringify({ plugin: [], host: { concurrency: 0, logger: {} }, local: { inventoryFle: 'x' } }))
    const error = await configErrorOf(readConfig(file))
    const paths = (error.details['issues'] as Array<{ path: string }>).map((issue) => issue.path).sort()
    expect(paths).toEqual(['host.concurrency', 'host.logger', 'local.inventoryFle', 'plugin'])
    expect(error.message).toContain(`${file}: plugin: unknown field "plugin"`)
  })

  it('rejects a plugin entry that is neither a specifier nor an entry object', async () => {
    const file = await configFile('capstan.config.json', JSON.stringify({ plugins: ['ok', 42] }))
    const error = await configErrorOf(readConfig(file))
    expect(error.details['field']).toBe('plugins[1]')
    expect(error.message).toContain('expected a module specifier or { module')
  })

  it('names the line of a YAML syntax error', async () => {
    const file = await configFile('capstan.config.yaml', 'host:\n  concurrency: 4\n bad: [\n')
    const error = await configErrorOf(readConfig(file))
    expect(error.message).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+: \\(root\\): not valid YAML`))
    expect(error.details['line']).toBeGreaterThanOrEqual(2)
  })

  it('reports bad JSON and a module without a default export as CONFIG_ERROR naming the file', async () => {
    const json = await configFile('capstan.config.json', '{ "plugins": [ }')
    expect((await configErrorOf(readConfig(json))).message).toContain(`${json}: (root): not valid JSON`)
    const mjs = await configFile('capstan.config.mjs', 'export const plugins = []\n')
    expect((await configErrorOf(readConfig(mjs))).message).toContain('has no default export')
  })

  it('wraps a throwing config function', async () => {
    const file = await configFile('capstan.config.mjs', "export default () => { throw new Error('no env') }\n")
    const error = await configErrorOf(readConfig(file))
    expect(error.message).toContain('the default export function threw: no env')
    expect(error.details['file']).toBe(file)
  })
})
