import { describe, expect, it } from 'vitest'
import { flagsFromSchema } from '../../../src/cli/args/index.js'
import { commandOf, flagOf } from './catalog-commands.js'

describe('flagsFromSchema on the real catalog', () => {
  it('maps command.execute: targets as a string list, strings, a record, an integer', () => {
    const flags = commandOf('command.execute').flags
    // Its input's flags, then the rollout option's (every execution command has them).
    expect(flags.map((f) => f.name)).toEqual(['targets', 'command', 'env', 'timeout-ms', 'cwd', 'run-as', 'rollout-batch', 'max-failures', 'rollout-pause-ms', 'fail-fast'])
    expect(flagOf('command.execute', 'targets')).toMatchObject({ property: 'targets', type: 'array', itemType: 'string', required: true })
    expect(flagOf('command.execute', 'targets').description).toMatch(/Nodes to act on/)
    expect(flagOf('command.execute', 'command')).toMatchObject({ type: 'string', required: true, description: "Command line, run by the node's shell" })
    expect(flagOf('command.execute', 'env')).toMatchObject({ type: 'object', required: false })
    expect(flagOf('command.execute', 'timeout-ms')).toMatchObject({ property: 'timeoutMs', type: 'integer', required: false })
    expect(flagOf('command.execute', 'run-as')).toMatchObject({ property: 'runAs', type: 'string', required: false })
  })

  it('maps inventory.filter: arrays of strings, a record of conditions, a boolean with its default', () => {
    expect(flagOf('inventory.filter', 'names')).toMatchObject({ type: 'array', itemType: 'string', required: false })
    expect(flagOf('inventory.filter', 'groups')).toMatchObject({ type: 'array', itemType: 'string' })
    expect(flagOf('inventory.filter', 'facts')).toMatchObject({ type: 'object' })
    expect(flagOf('inventory.filter', 'refresh')).toMatchObject({ type: 'boolean', default: false, required: false, description: 'Bypass the inventory cache' })
  })

  it('maps reports.query: an enum with choices, an optional boolean, date-time strings, integers with defaults, an array of enums', () => {
    expect(flagOf('reports.query', 'status')).toMatchObject({ type: 'enum', choices: ['changed', 'unchanged', 'failed'] })
    const noop = flagOf('reports.query', 'noop')
    expect(noop.type).toBe('boolean')
    expect('default' in noop).toBe(false)
    expect(flagOf('reports.query', 'since')).toMatchObject({ type: 'string' })
    expect(flagOf('reports.query', 'limit')).toMatchObject({ type: 'integer', default: 20 })
    expect(flagOf('reports.query', 'offset')).toMatchObject({ type: 'integer', default: 0 })
    expect(flagOf('reports.query', 'include')).toMatchObject({ type: 'array', itemType: 'enum', choices: ['logs', 'metrics', 'events'] })
  })

  it('maps task.execute: params is an object defaulting to {}', () => {
    expect(flagOf('task.execute', 'params')).toMatchObject({ type: 'object', default: {}, required: false, description: 'Task parameters by name' })
    expect(flagOf('task.execute', 'task')).toMatchObject({ type: 'string', required: true })
  })

  it('maps package.update: an optional array of package names', () => {
    expect(flagOf('package.update', 'packages')).toMatchObject({ type: 'array', itemType: 'string', required: false })
    expect(flagOf('package.update', 'targets').required).toBe(true)
    expect(flagOf('package.install', 'packages').required).toBe(true)
  })

  it('maps events.stream: camelCase to kebab-case, an integer with a default', () => {
    expect(flagOf('events.stream', 'poll-interval-ms')).toMatchObject({ property: 'pollIntervalMs', type: 'integer', default: 5000 })
    expect(flagOf('events.stream', 'resource-type')).toMatchObject({ property: 'resourceType', type: 'string' })
    expect(flagOf('events.stream', 'status')).toMatchObject({ type: 'enum', choices: ['success', 'failure', 'noop', 'skipped'] })
  })

  it('gives a command without input no flags', () => {
    expect(commandOf('task.list').flags).toEqual([])
  })
})

describe('flagsFromSchema on other shapes', () => {
  const schema = {
    type: 'object',
    properties: {
      ratio: { type: 'number' },
      maybeName: { anyOf: [{ type: 'string' }, { type: 'null' }] },
      nullableCount: { type: ['integer', 'null'] },
      mode: { anyOf: [{ const: 'fast' }, { const: 'safe' }] },
      ports: { type: 'array', items: { type: 'integer' } },
      matrix: { type: 'array', items: { type: 'array', items: { type: 'number' } } },
      mixed: { type: ['string', 'number', 'boolean'] },
      anything: {},
      levels: { anyOf: [{ type: 'string', enum: ['a', 'b'] }, { type: 'array', items: { type: 'string', enum: ['a', 'b'] } }] },
    },
    required: ['ratio'],
  }
  const byName = Object.fromEntries(flagsFromSchema(schema).map((f) => [f.name, f]))

  it('maps numbers, nullable types, literal unions, nested arrays and unknowns', () => {
    expect(byName['ratio']).toMatchObject({ type: 'number', required: true })
    expect(byName['maybe-name']).toMatchObject({ type: 'string', required: false })
    expect(byName['nullable-count']).toMatchObject({ type: 'integer' })
    expect(byName['mode']).toMatchObject({ type: 'enum', choices: ['fast', 'safe'] })
    expect(byName['ports']).toMatchObject({ type: 'array', itemType: 'integer' })
    expect(byName['matrix']).toMatchObject({ type: 'array', itemType: 'json' })
    expect(byName['mixed']).toMatchObject({ type: 'json' })
    expect(byName['anything']).toMatchObject({ type: 'json' })
    expect(byName['levels']).toMatchObject({ type: 'array', itemType: 'enum', choices: ['a', 'b'] })
  })

  it('returns no flags for a schema without properties', () => {
    expect(flagsFromSchema({ type: 'object' })).toEqual([])
  })
})
