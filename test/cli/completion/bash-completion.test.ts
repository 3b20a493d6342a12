import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { CliCommand } from '../../../src/cli/args/cli-command.js'
import { bashCompletion } from '../../../src/cli/completion/index.js'
import { catalogCommands } from '../../../src/cli/generated/catalog-commands.js'
import { fixtureCommands } from './fixture-commands.js'
import { completeInBash } from './run-completion.js'

const real = catalogCommands()
const realScript = bashCompletion(real)
const cwd = mkdtempSync(join(tmpdir(), 'capstan-completion-'))
writeFileSync(join(cwd, 'hosts.json'), '{}')
writeFileSync(join(cwd, 'other.yaml'), '')
afterAll(() => rmSync(cwd, { recursive: true, force: true }))

const command = (id: string): CliCommand => {
  const found = real.find((c) => c.id === id)
  if (found === undefined) throw new Error(`no ${id} in the catalog`)
  return found
}
const enumFlagCommand = real.find((c) => c.flags.some((f) => f.choices !== undefined && f.choices.length > 0))
const objectFlagCommand = real.find((c) => c.flags.some((f) => f.type === 'object' || f.type === 'json'))

describe('bashCompletion: structure', () => {
  it('registers _capstan for capstan and names every type, operation and flag', () => {
    expect(realScript).toContain('complete -F _capstan capstan')
    for (const c of real) {
      expect(realScript).toContain(`'${c.type}'`)
      expect(realScript).toContain(`'${c.operation}'`)
      for (const flag of c.flags) expect(realScript).toContain(`'--${flag.name}'`)
    }
  })

  it('lists the choices of an enum flag', () => {
    expect(enumFlagCommand).toBeDefined()
    for (const flag of enumFlagCommand!.flags) for (const choice of flag.choices ?? []) expect(realScript).toContain(`'${choice}'`)
  })

  it('is valid bash', () => {
    expect(() => completeInBash(realScript, ['capstan', ''])).not.toThrow()
  })
})

describe('bashCompletion: run in bash', () => {
  it('completes types and built-in commands first', () => {
    expect(completeInBash(realScript, ['capstan', 'comm'])).toContain('command')
    const all = completeInBash(realScript, ['capstan', ''])
    for (const type of new Set(real.map((c) => c.type))) expect(all).toContain(type)
    for (const builtIn of ['help', 'plugins', 'health', 'capabilities', 'completion']) expect(all).toContain(builtIn)
    expect(completeInBash(realScript, ['capstan', '--j'])).toEqual(['--json'])
  })

  it('completes the operations of the chosen type', () => {
    const operations = real.filter((c) => c.type === 'inventory').map((c) => c.operation)
    expect(completeInBash(realScript, ['capstan', 'inventory', '']).sort()).toEqual([...operations].sort())
    expect(completeInBash(realScript, ['capstan', 'command', 'ex'])).toEqual(['execute'])
    // Global flags before the command words do not count as words.
    expect(completeInBash(realScript, ['capstan', '--json', '--config', 'x.json', 'command', 'ex'])).toEqual(['execute'])
  })

  it("completes that command's flags and the global ones", () => {
    const replies = completeInBash(realScript, ['capstan', 'command', 'execute', '--'])
    for (const flag of command('command.execute').flags) expect(replies).toContain(`--${flag.name}`)
    for (const global of ['--json', '--ndjson', '--config', '--plugin', '--no-color', '--help']) expect(replies).toContain(global)
    expect(completeInBash(realScript, ['capstan', 'command', 'execute', '--targets', 'web', '--comm'])).toEqual(['--command'])
  })

  it('leaves out a flag already given, but offers an array flag again', () => {
    const replies = completeInBash(realScript, ['capstan', 'command', 'execute', '--command', 'uptime', '--targets', 'a', '--'])
    expect(replies).not.toContain('--command')
    expect(replies).toContain('--targets')
  })

  it('offers --flag and --no-flag for a boolean', () => {
    const script = bashCompletion(fixtureCommands)
    expect(completeInBash(script, ['capstan', 'inventory', 'list', '--'])).toEqual(expect.arrayContaining(['--refresh', '--no-refresh', '--groups']))
  })

  it('completes the choices after an enum flag, in every way of writing it', () => {
    const flag = enumFlagCommand!.flags.find((f) => f.choices !== undefined && f.choices.length > 0)!
    const words = ['capstan', enumFlagCommand!.type, enumFlagCommand!.operation]
    expect(completeInBash(realScript, [...words, `--${flag.name}`, '']).sort()).toEqual([...flag.choices!].sort())
    const first = flag.choices![0]!
    expect(completeInBash(realScript, [...words, `--${flag.name}`, first])).toContain(first)
    expect(completeInBash(realScript, [...words, `--${flag.name}`, '=', first])).toContain(first)
    expect(completeInBash(realScript, [...words, `--${flag.name}=${first}`])).toContain(`--${flag.name}=${first}`)
  })

  it('completes the choices of an array of enums', () => {
    const script = bashCompletion(fixtureCommands)
    expect(completeInBash(script, ['capstan', 'reports', 'query', '--status', 'f'])).toEqual(['failed'])
  })

  it('completes file names after --config and after an object flag (also @file)', () => {
    expect(completeInBash(realScript, ['capstan', '--config', 'ho'], cwd)).toEqual(['hosts.json'])
    expect(completeInBash(realScript, ['capstan', 'inventory', 'list', '--config', ''], cwd).sort()).toEqual(['hosts.json', 'other.yaml'])
    const script = bashCompletion(fixtureCommands)
    expect(completeInBash(script, ['capstan', 'command', 'execute', '--env', 'h'], cwd)).toEqual(['hosts.json'])
    expect(completeInBash(script, ['capstan', 'command', 'execute', '--env', '@h'], cwd)).toEqual(['@hosts.json'])
    if (objectFlagCommand !== undefined) {
      const flag = objectFlagCommand.flags.find((f) => f.type === 'object' || f.type === 'json')!
      expect(completeInBash(realScript, ['capstan', objectFlagCommand.type, objectFlagCommand.operation, `--${flag.name}`, 'ho'], cwd)).toEqual(['hosts.json'])
    }
  })

  it('offers nothing for a free value (no file names where a string goes)', () => {
    expect(completeInBash(realScript, ['capstan', 'command', 'execute', '--command', ''], cwd)).toEqual([])
    expect(completeInBash(realScript, ['capstan', '--plugin', ''], cwd)).toEqual([])
  })

  it('completes the built-in commands: completion shells, help topics', () => {
    expect(completeInBash(realScript, ['capstan', 'completion', '']).sort()).toEqual(['bash', 'zsh'])
    expect(completeInBash(realScript, ['capstan', 'help', 'inv'])).toEqual(['inventory'])
    expect(completeInBash(realScript, ['capstan', 'help', 'command', ''])).toEqual(['execute'])
    expect(completeInBash(realScript, ['capstan', 'plugins', '--j'])).toEqual(['--json'])
  })
})
