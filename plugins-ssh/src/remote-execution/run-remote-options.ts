import type { SudoOptions } from './sudo.js'

/** How `runRemote` runs a command on one node. */
export interface RunRemoteOptions {
  /** The node's id, as the batch named it; every event carries it. */
  node: string
  /** Aborting stops the command's process group; the node ends `cancelled` (`timeout` for a TIMEOUT reason). */
  signal?: AbortSignal | undefined
  /** The node's own time limit; when it passes the node is stopped and ends `timeout`. */
  timeoutMs?: number | undefined
  /** Between SIGTERM and SIGKILL to the process group on stop (default 5 s). */
  killGraceMs?: number | undefined
  /**
   * Aborting ends the stop's grace at once: KILL to whatever is left of the
   * process group now (a second Ctrl-C). Aborted on its own, it stops the
   * command too, ending `cancelled`.
   */
  killSignal?: AbortSignal | undefined
  /**
   * Run the command as `sudo.user` (root when absent) through `sudo -S`; see
   * {@link SudoOptions}. `env` and `cwd` apply under sudo. When sudo does not
   * run the command (no password given, password rejected, not allowed) the
   * node ends `failure` with a PERMISSION_DENIED error saying why. Stopping
   * kills the process group through sudo too.
   */
  sudo?: SudoOptions | undefined
}
