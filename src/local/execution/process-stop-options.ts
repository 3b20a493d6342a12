import type { ProviderContext } from '../../capabilities/provider-context.js'
import type { RunProcessOptions } from '../../execution/process/run-process-options.js'
import type { LocalExecutionOptions } from './local-execution-options.js'

/**
 * How a node's process is stopped, as the engine asks: SIGTERM to its group
 * when `ctx.signal` aborts, SIGKILL after the grace, or at once when
 * `ctx.killSignal` aborts.
 */
export function processStopOptions(ctx: ProviderContext, options: LocalExecutionOptions): Pick<RunProcessOptions, 'signal' | 'graceMs' | 'killSignal'> {
  return {
    signal: ctx.signal,
    ...(options.graceMs === undefined ? {} : { graceMs: options.graceMs }),
    ...(ctx.killSignal === undefined ? {} : { killSignal: ctx.killSignal }),
  }
}
