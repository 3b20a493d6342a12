import { describe, expectTypeOf, it } from 'vitest'
import { runProcess, type ProcessEvent, type RunProcessOptions } from '../../../src/execution/process/index.js'

describe('runProcess types', () => {
  it('takes argv as a non-empty array, never a shell string', () => {
    expectTypeOf<{ argv: ['ls', '-l'] }>().toExtend<RunProcessOptions>()
    expectTypeOf<{ argv: readonly ['ls'] }>().toExtend<RunProcessOptions>()
    expectTypeOf<{ argv: [] }>().not.toExtend<RunProcessOptions>()
    expectTypeOf<{ argv: 'ls -l' }>().not.toExtend<RunProcessOptions>()
  })

  it('takes env values as strings only', () => {
    expectTypeOf<{ argv: ['env']; env: { PORT: number } }>().not.toExtend<RunProcessOptions>()
  })

  it('yields events that narrow on type', () => {
    expectTypeOf(runProcess).returns.toEqualTypeOf<AsyncGenerator<ProcessEvent, void, undefined>>()
    expectTypeOf<Extract<ProcessEvent, { type: 'output' }>['stream']>().toEqualTypeOf<'stdout' | 'stderr'>()
    expectTypeOf<Extract<ProcessEvent, { type: 'exit' }>['signal']>().toEqualTypeOf<NodeJS.Signals | null>()
  })
})
