import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { zshCompletion } from '../../../src/cli/completion/index.js'
import { catalogCommands } from '../../../src/cli/generated/catalog-commands.js'
import { fixtureCommands } from './fixture-commands.js'
import { needs } from '@capstan/test-support/requirement'
import { completeInZsh, zshInstalled } from './run-completion.js'

const real = catalogCommands()
const script = zshCompletion(real)

describe('zshCompletion: structure', () => {
  it('is a #compdef capstan script using _arguments and _describe', () => {
    expect(script.startsWith('#compdef capstan\n')).toBe(true)
    expect(script).toContain('_arguments')
    expect(script).toContain('_describe')
  })

  it('names every type and operation with its description, and every flag', () => {
    for (const c of real) {
      expect(script).toContain(`'${c.type}`)
      expect(script).toContain(`'${c.operation}:`)
      expect(script).toContain(`'${c.type} ${c.operation}')`)
      for (const flag of c.flags) expect(script).toMatch(new RegExp(`--${flag.name}[=\\[]`))
    }
  })

  it('lists the choices of an enum flag and completes files for objects and --config', () => {
    const fixture = zshCompletion(fixtureCommands)
    expect(fixture).toContain(`'--shell=[Shell\\: sh, bash \\[or\\] powershell]:shell:(sh bash powershell)'`)
    expect(fixture).toContain(`'*--status=[Report statuses]:status:(success failed noop)'`)
    expect(fixture).toContain(`'--env=[Environment variables]:env:_files'`)
    expect(fixture).toContain(`'--config=[configuration file]:config:_files'`)
    expect(fixture).toContain(`--refresh[Bypass the cache]'`)
    expect(fixture).toContain(`--no-refresh[not: Bypass the cache]'`)
    const enumCommand = real.find((c) => c.flags.some((f) => f.choices !== undefined && f.choices.length > 0))!
    for (const flag of enumCommand.flags) if (flag.choices !== undefined) expect(script).toContain(`(${flag.choices.join(' ')})`)
  })
})

// Skipped, saying why, where no zsh is installed: only these two need one.
needs(zshInstalled).describe('zshCompletion: in a real zsh', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'capstan-zsh-cwd-'))
  writeFileSync(join(cwd, 'hosts.json'), '{}')
  afterAll(() => rmSync(cwd, { recursive: true, force: true }))

  it('parses (zsh -n)', () => {
    expect(() => execFileSync('zsh', ['-n'], { input: script })).not.toThrow()
  })

  it('registers _capstan for capstan when sourced after compinit', () => {
    const out = execFileSync('zsh', ['-fc', 'autoload -U compinit && compinit -u -D && source <(print -r -- "$CAPSTAN_COMPLETION") && print -r -- $_comps[capstan]'], {
      env: { ...process.env, CAPSTAN_COMPLETION: script },
      encoding: 'utf8',
    })
    expect(out.trim()).toBe('_capstan')
  })

  it('completes types, operations, flags, enum choices and files when Tab is pressed', () => {
    const tab = (typed: string) => completeInZsh(script, typed, cwd)
    expect(tab('capstan comm')).toBe('capstan command ')
    expect(tab('capstan command exe')).toBe('capstan command execute ')
    expect(tab('capstan command execute --comm')).toBe('capstan command execute --command=')
    expect(tab('capstan --js')).toBe('capstan --json ')
    expect(tab('capstan inventory list --no-ref')).toBe('capstan inventory list --no-refresh ')
    expect(tab('capstan help invent')).toBe('capstan help inventory ')
    expect(tab('capstan completion ba')).toBe('capstan completion bash ')
    expect(tab('capstan --config ho')).toBe('capstan --config hosts.json ')
    const enumCommand = real.find((c) => c.flags.some((f) => f.choices !== undefined && f.choices.length > 0))!
    const flag = enumCommand.flags.find((f) => f.choices !== undefined && f.choices.length > 0)!
    const choice = flag.choices!.find((c) => flag.choices!.filter((other) => other.startsWith(c.slice(0, 3))).length === 1)!
    expect(tab(`capstan ${enumCommand.type} ${enumCommand.operation} --${flag.name} ${choice.slice(0, 3)}`)).toBe(`capstan ${enumCommand.type} ${enumCommand.operation} --${flag.name} ${choice} `)
  }, 60_000)
})
