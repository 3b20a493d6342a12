// The rollout flags of execution commands fill the `rollout` invoke option, not the input.
import { describe, expect, it } from 'vitest'
import { CapstanError } from '../../../src/errors/capstan-error.js'
import { formatValidationIssues, parseCommandArgs } from '../../../src/cli/args/index.js'
import { checkOptions } from '../../../src/registry/check-options.js'
import { ExecuteOptionsSchema } from '../../../src/registry/invoke-options-schema.js'
import { catalogCommands, commandOf } from './catalog-commands.js'

const names = (id: string) => commandOf(id).flags.map((f) => f.name)

describe('the rollout flags', () => {
  it('belong to every execution command and to no other', () => {
    for (const command of catalogCommands) {
      const has = ['rollout-batch', 'max-failures', 'rollout-pause-ms', 'fail-fast'].filter((flag) => command.flags.some((f) => f.name === flag))
      expect(has, command.id).toEqual(command.execution ? ['rollout-batch', 'max-failures', 'rollout-pause-ms', 'fail-fast'] : [])
    }
    expect(names('package.install')).toContain('rollout-batch')
    expect(names('inventory.list')).not.toContain('rollout-batch')
  })

  it('parse into options.rollout: counts as numbers, percentages as text, the input untouched', () => {
    const command = commandOf('command.execute')
    const parsed = parseCommandArgs(['--targets', 'web*', '--command', 'true', '--rollout-batch', '2', '--max-failures=10%', '--rollout-pause-ms', '500', '--fail-fast'], command)
    expect(parsed.input).toEqual({ targets: ['web*'], command: 'true' })
    expect(parsed.options).toEqual({ rollout: { batch: 2, maxFailures: '10%', pauseMs: 500, failFast: true } })
    expect(parseCommandArgs(['--targets', 'a', '--command', 'true'], command).options).toEqual({})
    expect(parseCommandArgs(['--targets', 'a', '--command', 'true', '--rollout-batch', '25%'], command).options).toEqual({ rollout: { batch: '25%' } })
  })

  it('leave a bad value to the option schema, whose VALIDATION_ERROR prints with the flag', () => {
    const command = commandOf('command.execute')
    const { options } = parseCommandArgs(['--targets', 'a', '--command', 'true', '--rollout-batch', 'two', '--max-failures', '1'], command)
    let error: unknown
    try {
      checkOptions(ExecuteOptionsSchema, options, 'command.execute')
    } catch (thrown) {
      error = thrown
    }
    expect(error).toBeInstanceOf(CapstanError)
    const lines = formatValidationIssues(error)
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/^--rollout-batch \(options\.rollout\.batch\): /)
  })
})
