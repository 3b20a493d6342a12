import { describe, expect, it } from 'vitest'
import { activeAliases, commandAliases, resolveAlias } from '../../../src/cli/args/index.js'
import { generatedCommands } from '../../../src/cli/generated/cli-commands.js'

const has = (type: string, operation: string, commands = generatedCommands) => commands.some((c) => c.type === type && c.operation === operation)

describe('command aliases', () => {
  it('each names a command that exists and none shadows one', () => {
    for (const alias of commandAliases) {
      expect(has(...alias.command), `${alias.words.join(' ')} → ${alias.command.join(' ')}`).toBe(true)
      expect(has(...alias.words), `${alias.words.join(' ')} is a real command`).toBe(false)
    }
    expect(activeAliases(generatedCommands)).toEqual(commandAliases)
  })

  it('are unambiguous: one spelling, one command', () => {
    const spellings = commandAliases.map((a) => a.words.join(' '))
    expect(new Set(spellings).size).toBe(spellings.length)
  })

  it('replace the leading words and keep the rest', () => {
    expect(resolveAlias(['command', 'run', '--targets', 'web*', 'run'], generatedCommands)).toEqual(['command', 'execute', '--targets', 'web*', 'run'])
    expect(resolveAlias(['facts', 'get', '--node', 'web01'], generatedCommands)).toEqual(['info', 'facts', '--node', 'web01'])
    expect(resolveAlias(['command', 'execute'], generatedCommands)).toEqual(['command', 'execute'])
    expect(resolveAlias(['run', 'command'], generatedCommands)).toEqual(['run', 'command'])
  })

  it('give way to a real command of the same words (a plugin may contribute one)', () => {
    const commands = [...generatedCommands, { ...generatedCommands[0]!, id: 'command.run', type: 'command', operation: 'run' }]
    expect(resolveAlias(['command', 'run'], commands)).toEqual(['command', 'run'])
    expect(activeAliases(commands).map((a) => a.words.join(' '))).not.toContain('command run')
  })
})
