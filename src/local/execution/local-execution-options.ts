/** Options every local execution handler takes. */
export interface LocalExecutionOptions {
  /**
   * Milliseconds between SIGTERM and SIGKILL when a run is cancelled or
   * times out (default: runProcess's, 5000).
   */
  graceMs?: number
}
