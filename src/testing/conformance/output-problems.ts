import { isExecutionCapability, NodeEvent } from 'capstan'
import { formatPath } from 'capstan/plugin-kit'
import type { z } from 'zod'
import { describeThrown } from './describe-thrown.js'
import type { HandlerRun } from './handler-run.js'
import type { ProviderCall } from './provider-call.js'

/** Issues listed per bad output, at most. */
const MAX_ISSUES = 3

/**
 * What is wrong with the outputs of a sample call: each must parse against
 * the descriptor's output schema (for a stream, each item); for an
 * execution, each event against the NodeEvent schema, naming a node of its
 * batch. A call that threw or did not answer has no output to check, and
 * says so.
 */
export function outputProblems(call: ProviderCall, run: HandlerRun, timeoutMs: number): string[] {
  if (run.error !== undefined) return [`the sample call threw ${describeThrown(run.error)}`]
  // A stream may have nothing to say within the bound: what it did yield is still checked.
  if (run.timedOut && call.descriptor.kind !== 'stream') return [`the sample call did not finish within ${timeoutMs} ms`]
  const execution = isExecutionCapability(call.descriptor)
  const schema: z.ZodType = execution ? NodeEvent : call.descriptor.output
  const what = execution ? 'event' : call.descriptor.kind === 'stream' ? 'item' : 'output'
  const batch = new Set((call.nodes ?? []).map((node) => node.id))
  for (const [index, output] of run.outputs.entries()) {
    const label = run.outputs.length > 1 || what !== 'output' ? `${what} ${index}` : what
    const parsed = schema.safeParse(output)
    if (!parsed.success) return [`${label} does not match the ${execution ? 'NodeEvent' : 'output'} schema: ${issuesOf(parsed.error)}`]
    const node = execution ? (parsed.data as NodeEvent).node : undefined
    if (node !== undefined && !batch.has(node)) return [`${label} names node "${node}", which is not in the batch (${[...batch].join(', ')})`]
  }
  return []
}

function issuesOf(error: z.ZodError): string {
  const listed = error.issues.slice(0, MAX_ISSUES).map((issue) => `${formatPath(issue.path)}: ${issue.message}`)
  const more = error.issues.length - listed.length
  return listed.join('; ') + (more > 0 ? `; and ${more} more` : '')
}
