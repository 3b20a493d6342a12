import { RecordingLogger } from 'capstan/testing'
import { describe, expect, it } from 'vitest'
import { getCapability, capabilityCatalog } from '../../../src/capabilities/catalog.js'
import { formatValidationIssues, parseCommandArgs } from '../../../src/cli/args/index.js'
import { CapstanError } from '../../../src/errors/index.js'
import { CapabilityRegistry } from '../../../src/registry/capability-registry.js'
import { commandOf } from './catalog-commands.js'

/** The error the core's registry throws when it validates `input` for capability `id`. */
function validationFailure(id: string, input: unknown): unknown {
  const descriptor = getCapability(id)
  if (descriptor === undefined) throw new Error(`no capability ${id}`)
  const registry = new CapabilityRegistry({ catalog: capabilityCatalog, logger: new RecordingLogger() })
  try {
    registry.validate(descriptor, input)
  } catch (error) {
    return error
  }
  throw new Error('expected a VALIDATION_ERROR')
}

describe('formatValidationIssues', () => {
  it('prints one line per bad field of a real VALIDATION_ERROR, with the flag that sets it', () => {
    const command = commandOf('command.execute')
    // What the flags parse to, then made invalid the way only the schema can tell (ranges, lengths).
    const { input } = parseCommandArgs(['--targets', 'web01', '--command', 'uptime', '--timeout-ms=-5', '--cwd='], command)
    const error = validationFailure('command.execute', { ...input, command: '' })
    expect(error).toBeInstanceOf(CapstanError)
    expect((error as CapstanError).code).toBe('VALIDATION_ERROR')
    const lines = formatValidationIssues(error, command)
    expect(lines).toHaveLength(3)
    expect(lines.some((l) => l.startsWith('--timeout-ms (timeoutMs): '))).toBe(true)
    expect(lines.some((l) => l.startsWith('--command (command): '))).toBe(true)
    expect(lines.some((l) => l.startsWith('--cwd (cwd): '))).toBe(true)
  })

  it('keeps the full path of a nested field and maps its first segment', () => {
    const command = commandOf('reports.query')
    const error = validationFailure('reports.query', { include: ['logs', 'nope'], limit: 5000 })
    const lines = formatValidationIssues(error, command)
    expect(lines.find((l) => l.startsWith('--include (include[1]): '))).toBeDefined()
    expect(lines.find((l) => l.startsWith('--limit (limit): '))).toMatch(/1000/)
  })

  it('names an unknown field by its kebab-case flag even without the command', () => {
    const error = validationFailure('events.stream', { pollIntervalMs: 1, bogusField: 1 })
    const lines = formatValidationIssues(error)
    expect(lines).toContain('--bogus-field (bogusField): unknown field "bogusField"')
    expect(lines.some((l) => l.startsWith('--poll-interval-ms (pollIntervalMs): '))).toBe(true)
  })

  it('maps a quoted first segment and prints issues about the whole input without a flag', () => {
    const error = new CapstanError('VALIDATION_ERROR', {
      details: { issues: [{ path: '["odd.key"][0]', message: 'bad' }, { path: '(root)', message: 'Invalid input: expected object' }] },
    })
    expect(formatValidationIssues(error)).toEqual(['--odd.key (["odd.key"][0]): bad', '(root): Invalid input: expected object'])
  })

  it('gives no lines for other errors; a VALIDATION_ERROR created without issues has one for its field or the root', () => {
    expect(formatValidationIssues(new Error('boom'))).toEqual([])
    expect(formatValidationIssues(new CapstanError('NOT_FOUND'))).toEqual([])
    expect(formatValidationIssues(new CapstanError('VALIDATION_ERROR', { message: 'Invalid input' }))).toEqual(['(root): Invalid input'])
    expect(formatValidationIssues(new CapstanError('VALIDATION_ERROR', { message: 'query: cannot be empty', details: { field: 'query' } }))).toEqual(['--query (query): cannot be empty'])
  })
})
