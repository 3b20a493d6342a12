import { z } from 'zod'
import { RolloutProgress } from './rollout-progress.js'

/**
 * How one node's part of an execution ended.
 * - `success`: ran and reported success (exit code 0 for commands);
 * - `failure`: ran and reported failure (non-zero exit, failed task);
 * - `error`: could not run (unreachable, authentication, provider error);
 * - `timeout`: stopped because its time ran out;
 * - `cancelled`: stopped because the caller cancelled;
 * - `skipped`: not run (for example after an earlier failure).
 */
export const NodeStatus = z
  .enum(['success', 'failure', 'error', 'timeout', 'cancelled', 'skipped'])
  .describe('How this node\'s part of the execution ended')
/** How one node's part of an execution ended. */
export type NodeStatus = z.infer<typeof NodeStatus>

/** Why a node did not succeed, in the shape of a `CapstanError`. */
export const NodeError = z.object({
  code: z.string().min(1).describe('Error code from the Capstan error catalog, or the provider\'s own code'),
  message: z.string().describe('Human-readable message naming the node, plugin and capability'),
  details: z.unknown().optional().describe('Extra data the provider attached (JSON-compatible)'),
})
/** Why a node did not succeed. */
export type NodeError = z.infer<typeof NodeError>

/**
 * The outcome on one node. A failed node has the same shape as a succeeded
 * one (after execa): callers branch on `status`, not on try/catch.
 */
export const NodeResult = z.object({
  node: z.string().min(1).describe('Node id'),
  status: NodeStatus,
  exitCode: z.number().int().nullable().describe('Process exit code; null when there was no process or it was killed by a signal'),
  signal: z.string().optional().describe('Signal that ended the process (SIGTERM, SIGKILL, ...)'),
  stdout: z.string().describe('Standard output, capped at the stored-output limit'),
  stderr: z.string().describe('Standard error, capped at the stored-output limit'),
  value: z.unknown().optional().describe('Structured output of a task, when it returned one'),
  error: NodeError.optional().describe('Why the node did not succeed'),
  startedAt: z.string().describe('ISO 8601 time the node started'),
  finishedAt: z.string().describe('ISO 8601 time the node finished'),
  durationMs: z.number().nonnegative().describe('Wall-clock time on this node, in milliseconds'),
  truncated: z.boolean().describe('True when stdout or stderr was cut at the stored-output limit'),
})
/** The outcome on one node. */
export type NodeResult = z.infer<typeof NodeResult>

/**
 * The state of a whole execution.
 * - `queued`, `running`: not finished yet;
 * - `success`: every node succeeded;
 * - `failure`: no node succeeded;
 * - `partial`: some nodes succeeded, some did not;
 * - `cancelled`: the caller cancelled it;
 * - `timeout`: the execution's own time limit passed.
 */
export const ExecutionStatus = z
  .enum(['queued', 'running', 'success', 'failure', 'partial', 'cancelled', 'timeout'])
  .describe('State of the whole execution')
/** The state of a whole execution. */
export type ExecutionStatus = z.infer<typeof ExecutionStatus>

/** What a finished execution resolves with: every node's result. */
export const ExecutionResult = z.object({
  id: z.string().min(1).describe('Execution id; pass it to executions.get to re-attach'),
  capability: z.string().min(1).describe('Capability id that was invoked (command.execute, ...)'),
  plugins: z.array(z.string()).describe('Plugins that ran part of it'),
  status: ExecutionStatus,
  nodes: z.array(NodeResult).describe('One result per targeted node'),
  startedAt: z.string().describe('ISO 8601 time the execution started'),
  finishedAt: z.string().describe('ISO 8601 time the execution finished'),
  durationMs: z.number().nonnegative().describe('Wall-clock time of the whole execution, in milliseconds'),
  rollout: RolloutProgress.optional().describe('How far a rolling execution got; present when it had a rollout option'),
})
/** What a finished execution resolves with. */
export type ExecutionResult = z.infer<typeof ExecutionResult>
