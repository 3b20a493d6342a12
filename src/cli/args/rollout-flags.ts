import type { FlagSpec } from './cli-command.js'

/**
 * The flags of every execution command that fill the `rollout` invoke
 * option (docs/execution.md, "Rolling executions"), not the capability's
 * input: `--rollout-batch 2 --max-failures 1`.
 */
export const rolloutFlags: readonly FlagSpec[] = [
  {
    property: 'rollout.batch',
    name: 'rollout-batch',
    type: 'string',
    option: true,
    description: 'Run the targets in waves of this many nodes, one wave after another: a count (2) or a share of the targets (25%, rounded up)',
    required: false,
  },
  {
    property: 'rollout.maxFailures',
    name: 'max-failures',
    type: 'string',
    option: true,
    description: 'With --rollout-batch: failed nodes tolerated; past it the waves not started are skipped. A count (0: stop at the first failure) or a share of the targets (10%, rounded down)',
    required: false,
  },
  {
    property: 'rollout.pauseMs',
    name: 'rollout-pause-ms',
    type: 'integer',
    option: true,
    description: 'With --rollout-batch: milliseconds to wait between two waves',
    required: false,
  },
  {
    property: 'rollout.failFast',
    name: 'fail-fast',
    type: 'boolean',
    option: true,
    description: 'With --max-failures: once it is passed, also stop the running wave',
    required: false,
  },
]

/** The rollout flags a command can take beside its own: those whose names its input does not use. */
export function rolloutFlagsBeside(flags: readonly FlagSpec[]): FlagSpec[] {
  const taken = new Set(flags.map((flag) => flag.name))
  return rolloutFlags.filter((flag) => !taken.has(flag.name) && !taken.has(`no-${flag.name}`))
}
