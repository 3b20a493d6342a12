import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CliUsageError, parseCommandArgs } from '../../../src/cli/args/index.js'
import { commandOf } from './catalog-commands.js'
import { scratchDir } from '@capstan/test-support/scratch-dir'

/** The CliUsageError a parse throws; fails the test when it does not throw one. */
function usageErrorOf(run: () => unknown): CliUsageError {
  try {
    run()
  } catch (error) {
    if (error instanceof CliUsageError) return error
    throw error
  }
  throw new Error('expected a CliUsageError')
}

const execute = commandOf('command.execute')
const query = commandOf('reports.query')
const filter = commandOf('inventory.filter')
const task = commandOf('task.execute')

describe('parseCommandArgs', () => {
  it('parses strings in both --flag value and --flag=value forms, keyed by property', () => {
    const { input } = parseCommandArgs(['--targets', 'web*', '--command=uname -a', '--run-as', 'deploy'], execute)
    expect(input).toEqual({ targets: ['web*'], command: 'uname -a', runAs: 'deploy' })
  })

  it('keeps = signs after the first in a --flag=value', () => {
    expect(parseCommandArgs(['--targets=a', '--command=FOO=bar env'], execute).input['command']).toBe('FOO=bar env')
  })

  it('collects repeats and comma lists of an array flag', () => {
    expect(parseCommandArgs(['--targets', 'a,b', '--targets', 'c', '--command', 'x'], execute).input['targets']).toEqual(['a', 'b', 'c'])
    expect(parseCommandArgs(['--targets=a, b,,', '--command', 'x'], execute).input['targets']).toEqual(['a', 'b'])
  })

  it('parses integers and refuses a non-number, naming the flag', () => {
    expect(parseCommandArgs(['--limit', '5', '--offset=0'], query).input).toEqual({ limit: 5, offset: 0 })
    const error = usageErrorOf(() => parseCommandArgs(['--limit', 'lots'], query))
    expect(error.message).toContain('--limit')
    expect(error.message).toContain('"lots"')
    expect(error.flag).toBe('limit')
    expect(usageErrorOf(() => parseCommandArgs(['--limit', '2.5'], query)).message).toMatch(/--limit expects a whole number/)
    expect(usageErrorOf(() => parseCommandArgs(['--limit='], query)).flag).toBe('limit')
  })

  it('accepts a negative number written with =', () => {
    expect(parseCommandArgs(['--offset=-1'], query).input['offset']).toBe(-1)
    expect(usageErrorOf(() => parseCommandArgs(['--offset', '-1'], query)).message).toContain('--offset=-1')
  })

  it('parses --flag as true and --no-flag as false', () => {
    expect(parseCommandArgs(['--noop'], query).input).toEqual({ noop: true })
    expect(parseCommandArgs(['--no-noop'], query).input).toEqual({ noop: false })
    expect(parseCommandArgs(['--refresh'], filter).input).toEqual({ refresh: true })
    expect(parseCommandArgs(['--no-refresh'], filter).input).toEqual({ refresh: false })
  })

  it('refuses a value on a boolean flag and a --no- form of a value flag', () => {
    expect(usageErrorOf(() => parseCommandArgs(['--refresh=yes'], filter)).message).toMatch(/--refresh takes no value/)
    expect(usageErrorOf(() => parseCommandArgs(['--no-node'], query)).message).toMatch(/only on\/off flags/)
  })

  it('checks enums and lists the choices, suggesting the nearest', () => {
    expect(parseCommandArgs(['--status', 'failed'], query).input).toEqual({ status: 'failed' })
    const error = usageErrorOf(() => parseCommandArgs(['--status', 'faild'], query))
    expect(error.message).toContain('changed, unchanged, failed')
    expect(error.suggestion).toBe('--status failed')
  })

  it('checks each item of an array of enums', () => {
    expect(parseCommandArgs(['--include', 'logs,metrics', '--include', 'events'], query).input['include']).toEqual(['logs', 'metrics', 'events'])
    expect(usageErrorOf(() => parseCommandArgs(['--include', 'logs,lgos'], query)).message).toContain('logs, metrics, events')
  })

  it('parses an object from inline JSON', () => {
    const { input } = parseCommandArgs(['--targets', 'web01', '--task', 'package', '--params', '{"action":"status","name":"openssl"}'], task)
    expect(input['params']).toEqual({ action: 'status', name: 'openssl' })
  })

  it('builds an object from repeated KEY=value pairs, values kept verbatim', () => {
    const { input } = parseCommandArgs(['--targets', 'localhost', '--command', 'env', '--env', 'GREETING=hello world', '--env', 'EMPTY=', '--env', 'EQ=a=b'], execute)
    expect(input['env']).toEqual({ GREETING: 'hello world', EMPTY: '', EQ: 'a=b' })
    const mixed = usageErrorOf(() => parseCommandArgs(['--targets', 'x', '--command', 'y', '--env', 'A=1', '--env', '{"B":"2"}'], execute))
    expect(mixed.message).toMatch(/--env was given 2 times.*KEY=value/)
  })

  it('parses an object from @file.json', () => {
    const dir = scratchDir('capstan-args-')
    const file = join(dir, 'params.json')
    writeFileSync(file, JSON.stringify({ action: 'install', name: 'nginx' }))
    expect(parseCommandArgs(['--targets', 'web01', '--task', 'package', '--params', `@${file}`], task).input['params']).toEqual({ action: 'install', name: 'nginx' })
  })

  it('names the flag and the file when @file cannot be read or parsed', () => {
    const missing = usageErrorOf(() => parseCommandArgs(['--targets', 'a', '--task', 't', '--params', '@/nonexistent/params.json'], task))
    expect(missing.message).toContain('--params')
    expect(missing.message).toContain('/nonexistent/params.json')
    const dir = scratchDir('capstan-args-')
    const file = join(dir, 'broken.json')
    writeFileSync(file, '{ not json')
    const broken = usageErrorOf(() => parseCommandArgs(['--targets', 'a', '--task', 't', '--params', `@${file}`], task))
    expect(broken.message).toContain(file)
    expect(broken.message).toContain('not valid JSON')
  })

  it('refuses JSON that is not an object, and text that is not JSON', () => {
    expect(usageErrorOf(() => parseCommandArgs(['--targets', 'a', '--task', 't', '--params', '[1,2]'], task)).message).toMatch(/--params expects KEY=value .*a JSON object/)
    expect(usageErrorOf(() => parseCommandArgs(['--targets', 'a', '--task', 't', '--params', 'nonsense'], task)).message).toMatch(/--params expects KEY=value .*a JSON object .*or @file\.json/)
    expect(parseCommandArgs(['--targets', 'a', '--task', 't', '--params', 'action=status'], task).input['params']).toEqual({ action: 'status' })
  })

  it('refuses an unknown flag and suggests the nearest known one', () => {
    const error = usageErrorOf(() => parseCommandArgs(['--targets', 'a', '--comand', 'uptime'], execute))
    expect(error.message).toContain('Unknown flag --comand')
    expect(error.suggestion).toBe('--command')
    expect(usageErrorOf(() => parseCommandArgs(['--no-refrsh'], filter)).suggestion).toBe('--no-refresh')
    expect(usageErrorOf(() => parseCommandArgs(['--zzzzzz'], filter)).suggestion).toBeUndefined()
    expect(usageErrorOf(() => parseCommandArgs(['-x'], filter)).message).toContain('Unknown flag -x')
  })

  it('refuses a positional argument with a hint at the flag it may belong to', () => {
    const error = usageErrorOf(() => parseCommandArgs(['--targets', 'a', 'uptime'], execute))
    expect(error.message).toContain('Unexpected argument "uptime"')
    expect(error.message).toContain('takes only flags')
    expect(usageErrorOf(() => parseCommandArgs(['--', 'web01'], query)).message).toContain('Unexpected argument "web01"')
  })

  it('takes the node of a command with a positional flag as its argument, before or after the flags', () => {
    const facts = commandOf('info.facts')
    expect(parseCommandArgs(['web01'], facts).input).toEqual({ node: 'web01' })
    expect(parseCommandArgs(['--refresh', 'web01'], facts).input).toEqual({ node: 'web01', refresh: true })
    expect(parseCommandArgs(['--', '-odd-name'], facts).input).toEqual({ node: '-odd-name' })
    expect(parseCommandArgs(['--node', 'web01'], facts).input).toEqual({ node: 'web01' })
    expect(parseCommandArgs(['web01', '--node', 'web01'], facts).input).toEqual({ node: 'web01' })
  })

  it('refuses a node given both ways with different values, naming both, and a second argument', () => {
    const facts = commandOf('info.facts')
    const conflict = usageErrorOf(() => parseCommandArgs(['web01', '--node', 'web02'], facts))
    expect(conflict.message).toBe('capstan info facts was given the node twice: "web01" as its argument and "web02" as --node; give one')
    expect(conflict.flag).toBe('node')
    expect(usageErrorOf(() => parseCommandArgs(['web01', 'web02'], facts)).message).toBe('Unexpected argument "web02": capstan info facts takes one argument, the node; everything else is a flag')
    expect(usageErrorOf(() => parseCommandArgs([], facts)).message).toContain('needs --node')
  })

  it('refuses a value flag without a value, or given twice', () => {
    expect(usageErrorOf(() => parseCommandArgs(['--targets', 'a', '--command'], execute)).message).toMatch(/--command needs a value/)
    expect(usageErrorOf(() => parseCommandArgs(['--command', '--targets', 'a'], execute)).message).toMatch(/--command needs a value/)
    expect(usageErrorOf(() => parseCommandArgs(['--targets', 'a', '--command', 'x', '--command', 'y'], execute)).message).toMatch(/given 2 times/)
  })

  it('reports every missing required flag at once', () => {
    const error = usageErrorOf(() => parseCommandArgs([], execute))
    expect(error.message).toContain('--targets, --command')
    expect(error.flag).toBe('targets')
  })

  it('leaves defaults to the schema: flags not given are absent', () => {
    expect(parseCommandArgs([], query).input).toEqual({})
  })
})
