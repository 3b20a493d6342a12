import { describe, expect, it } from 'vitest'
import { capabilityCatalog } from '../../../src/capabilities/catalog.js'
import { commandsFromCapabilities, parseCommandArgs, type CapabilitySummary } from '../../../src/cli/args/index.js'
import { catalogCommands, commandOf } from './catalog-commands.js'

const summary = (id: string, extra: Partial<CapabilitySummary> = {}): CapabilitySummary => ({
  id,
  description: `does ${id}`,
  kind: 'query',
  routing: { mode: 'prioritised' },
  inputSchema: { type: 'object', properties: {} },
  ...extra,
})

describe('commandsFromCapabilities', () => {
  it('makes one command per capability of the catalog, in catalog order', () => {
    expect(catalogCommands.map((c) => c.id)).toEqual(capabilityCatalog.map((d) => d.id))
  })

  it('splits the id into type and kebab-case operation', () => {
    expect(commandOf('command.execute')).toMatchObject({ type: 'command', operation: 'execute', kind: 'action' })
    expect(commandsFromCapabilities([summary('deploy.rollBack')])[0]).toMatchObject({ type: 'deploy', operation: 'roll-back' })
  })

  it('marks execution-engine capabilities', () => {
    expect(commandOf('command.execute').execution).toBe(true)
    expect(commandOf('package.update').execution).toBe(true)
    expect(commandOf('package.list').execution).toBe(false)
    expect(commandOf('inventory.list').execution).toBe(false)
  })

  it('generates an example per command from its required flags', () => {
    expect(commandOf('command.execute').examples[0]).toBe("capstan command execute --targets 'web*' --command uptime")
    expect(commandOf('task.execute').examples[0]).toBe(`capstan task execute --targets 'web*' --task package`)
    expect(commandOf('inventory.list').examples[0]).toBe('capstan inventory list')
    expect(commandOf('reports.query').examples[0]).toBe('capstan reports query --node web01 --status changed')
    expect(commandOf('alert.get').examples[0]).toBe('capstan alert get --id <id>')
  })

  it('takes a required node as the one positional argument, by the input schema and not by id', () => {
    const node = { type: 'string', description: 'Node id' }
    const [required, optional, none, number] = commandsFromCapabilities([
      summary('vendor.inspect', { inputSchema: { type: 'object', properties: { verbose: { type: 'boolean' }, node }, required: ['node'] } }),
      summary('vendor.list', { inputSchema: { type: 'object', properties: { node } } }),
      summary('vendor.count', { inputSchema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] } }),
      summary('vendor.odd', { inputSchema: { type: 'object', properties: { node: { type: 'integer' } }, required: ['node'] } }),
    ])
    expect(required).toMatchObject({ positional: 'node', examples: ['capstan vendor inspect web01'] })
    for (const command of [optional, none, number]) expect(command).not.toHaveProperty('positional')
    expect(['inventory.get', 'info.facts', 'info.refresh'].map((id) => commandOf(id).positional)).toEqual(['node', 'node', 'node'])
    expect(commandOf('reports.query').positional).toBeUndefined()
  })

  it('generates examples that parse', () => {
    for (const command of catalogCommands) {
      const example = command.examples[0] ?? ''
      // Unquote the simple shell words the generator writes, then parse the flags.
      const words = example.match(/'[^']*'|\S+/g)?.map((w) => w.replace(/^'(.*)'$/, '$1')) ?? []
      expect(words.slice(0, 3)).toEqual(['capstan', command.type, command.operation])
      expect(() => parseCommandArgs(words.slice(3), command), example).not.toThrow()
    }
  })

  it('appends hint examples without duplicates, and lists providers', () => {
    const [command] = commandsFromCapabilities(
      [summary('reports.list', { providers: [{ plugin: 'puppetdb' }, { plugin: 'local' }] })],
      { 'reports.list': { examples: ['capstan reports list --node db01', 'capstan reports list'] } },
    )
    expect(command?.examples).toEqual(['capstan reports list', 'capstan reports list --node db01'])
    expect(command?.providers).toEqual(['puppetdb', 'local'])
    expect(commandOf('command.execute').providers).toEqual([])
  })

  it('sorts stably by the catalog order given, unknown ids last in the order given', () => {
    const infos = [summary('x.second'), summary('command.execute'), summary('x.first'), summary('inventory.list')]
    const order = capabilityCatalog.map((d) => d.id)
    expect(commandsFromCapabilities(infos, {}, order).map((c) => c.id)).toEqual(['inventory.list', 'command.execute', 'x.second', 'x.first'])
    expect(commandsFromCapabilities(infos).map((c) => c.id)).toEqual(['x.second', 'command.execute', 'x.first', 'inventory.list'])
  })

  it('puts the catalog back in order when given shuffled', () => {
    const infos = catalogCommands.map((c) => summary(c.id)).reverse()
    expect(commandsFromCapabilities(infos, {}, capabilityCatalog.map((d) => d.id)).map((c) => c.id)).toEqual(capabilityCatalog.map((d) => d.id))
  })
})
