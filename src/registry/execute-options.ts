import type { RolloutOptions } from '../capabilities/models/rollout-options.js'
import type { InvokeOptions } from './invoke-options.js'

/**
 * The options of an execution (`command.execute`, `task.execute`,
 * `script.execute`, `packages.*`, a plugin's own execution capabilities):
 * the {@link InvokeOptions} and `rollout`. A query, action or stream refuses
 * `rollout` as an unknown option.
 */
export interface ExecuteOptions extends InvokeOptions {
  /**
   * Run the targets in waves, one after another, and leave the later waves
   * unstarted once too many nodes failed (see {@link RolloutOptions}).
   */
  rollout?: RolloutOptions | undefined
}
