import type { Node } from 'capstan'

/** Options of `runBoltExecution`: one bolt process for a batch of nodes. */
export interface BoltExecutionOptions {
  /** Bolt's arguments, without the executable (see commandArgv, scriptArgv, taskArgv). */
  argv: readonly string[]
  /** The bolt executable: a name on PATH or a path. */
  boltPath: string
  /** Working directory of the bolt process. */
  cwd?: string
  /** Environment of the bolt process itself (merged over this process's), not of the targets. */
  env?: Record<string, string>
  /** The nodes of the batch: the ones `argv` targets. */
  nodes: readonly Node[]
  /** Bolt's name for a node, as it appears in `--targets` and in Bolt's output. */
  targetName: (node: Node) => string
  /** Aborting stops Bolt's whole process group (cancel, timeout). */
  signal: AbortSignal
  /** Milliseconds between SIGTERM and SIGKILL when stopped (default: runProcess's). */
  graceMs?: number
  /** Aborting ends the grace at once: SIGKILL to Bolt's process group now. */
  killSignal?: AbortSignal
}
