import { describe, expect, it } from 'vitest'
import { CapstanError } from '../../src/errors/capstan-error.js'
import { formatPath, type FieldIssue } from '../../src/errors/validation-error.js'
import { parseManifest } from '../../src/plugin/plugin-manifest.js'

const minimal = { name: 'inventory-file', version: '1.0.0', core: '^0.1.0', capabilities: ['inventory.list'] }

function rejection(json: unknown, file = 'plugin.json'): CapstanError & { details: { file: string; field: string; issues: FieldIssue[] } } {
  try {
    parseManifest(json, file)
  } catch (error) {
    if (error instanceof CapstanError) return error as CapstanError & { details: { file: string; field: string; issues: FieldIssue[] } }
    throw error
  }
  throw new Error('expected parseManifest to throw')
}

describe('parseManifest', () => {
  it('accepts a minimal manifest and defaults permissions to none', () => {
    expect(parseManifest(minimal, 'plugin.json')).toEqual({ ...minimal, permissions: {}, contributes: [] })
  })

  it('accepts every optional section', () => {
    const full = {
      $schema: 'https://example.com/plugin.schema.json',
      ...minimal,
      description: 'Nodes from a YAML file',
      capabilities: ['inventory.list', 'inventory.get', 'info.facts'],
      permissions: { viewer: ['inventory.*', 'info.facts'], admin: ['*'] },
      frontend: { entry: './frontend/index.js', widgets: [{ id: 'node-facts', title: 'Facts', slot: 'node.details', capabilities: ['info.facts'] }] },
      cli: { hints: { 'inventory.list': { examples: ['capstan inventory list'], aliases: ['ls'] } } },
      entry: { module: './dist/index.js', factory: 'inventoryFilePlugin' },
    }
    expect(parseManifest(full, 'plugin.json')).toEqual({ ...full, contributes: [] })
  })

  it('names the file, the index and the unknown capability id, with a suggestion', () => {
    const error = rejection({ ...minimal, capabilities: ['inventory.list', 'inventory.get', 'inventry.list'] })
    expect(error.code).toBe('CONFIG_ERROR')
    expect(error.message).toBe('plugin.json: capabilities[2]: unknown capability "inventry.list" (did you mean "inventory.list"?)')
    expect(error.details).toMatchObject({ file: 'plugin.json', field: 'capabilities[2]' })
  })

  it('does not suggest anything for an id far from every known one', () => {
    expect(rejection({ ...minimal, capabilities: ['teleport.node'] }).message).toBe('plugin.json: capabilities[0]: unknown capability "teleport.node"; if the plugin contributes type "teleport", name it under contributes')
  })

  it('names every bad field at once, each in details.issues', () => {
    const error = rejection({ name: 'Bad_Name', version: 'one', core: 'newest', capabilities: ['inventory.list', 'inventory.list'] }, '/srv/p/plugin.json')
    const paths = error.details.issues.map((issue) => issue.path)
    expect(paths).toEqual(['name', 'version', 'core', 'capabilities[1]'])
    expect(error.message.startsWith('/srv/p/plugin.json: name: ')).toBe(true)
    expect(error.message).toContain('; version: not a semver version')
    expect(error.message).toContain('; core: not a valid semver range')
    expect(error.message).toContain('; capabilities[1]: capability "inventory.list" is listed twice')
    expect(error.details.field).toBe('name')
    expect(error.details.file).toBe('/srv/p/plugin.json')
  })

  it('names a missing required field', () => {
    const { core: _core, ...withoutCore } = minimal
    expect(rejection(withoutCore).details.issues).toEqual([{ path: 'core', message: 'Invalid input: expected string, received undefined' }])
  })

  it('rejects a misspelt field by its own path rather than ignoring it', () => {
    const error = rejection({ ...minimal, capabilites: [], entry: { factroy: 'x' } })
    expect(error.details.issues).toEqual([
      { path: 'entry.factroy', message: 'unknown field "factroy"' },
      { path: 'capabilites', message: 'unknown field "capabilites"' },
    ])
  })

  it('rejects a permission pattern that matches no capability', () => {
    const error = rejection({ ...minimal, permissions: { viewer: ['inventory.*', 'inventry.*'] } })
    expect(error.message).toBe('plugin.json: permissions.viewer[1]: pattern "inventry.*" matches no known capability')
  })

  it('rejects a permission pattern with characters RBAC does not use', () => {
    expect(rejection({ ...minimal, permissions: { viewer: ['Inventory.List'] } }).details.field).toBe('permissions.viewer[0]')
  })

  it('checks the capabilities a frontend widget calls', () => {
    const frontend = { entry: './ui.js', widgets: [{ id: 'facts', title: 'Facts', slot: 'node.details', capabilities: ['info.fact'] }] }
    const error = rejection({ ...minimal, frontend })
    expect(error.message).toBe('plugin.json: frontend.widgets[0].capabilities[0]: unknown capability "info.fact" (did you mean "info.facts"?)')
  })

  it('checks the capability ids CLI hints are keyed by', () => {
    const error = rejection({ ...minimal, cli: { hints: { 'inventory.lst': { aliases: ['ls'] } } } })
    // The id contains dots, so formatPath quotes it; the test follows whatever notation formatPath uses.
    expect(error.details.field).toBe(formatPath(['cli', 'hints', 'inventory.lst']))
    expect(error.message).toContain('unknown capability "inventory.lst"')
  })

  it('reports a manifest that is not an object at the root', () => {
    expect(rejection(['inventory.list']).message).toBe('plugin.json: (root): Invalid input: expected object, received array')
  })

  it('keeps the Zod error as the cause', () => {
    expect(rejection({}).cause).toBeInstanceOf(Error)
  })
})
