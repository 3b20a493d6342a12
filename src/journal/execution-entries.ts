import { createHash } from 'node:crypto'
import type { CapabilityType } from '../capabilities/capability.js'
import type { ExecutionResult, NodeResult } from '../capabilities/models/execution.js'
import type { JournalEntry } from './journal-entry.js'

/** The journal kind of an execution, by its capability type; any other type's executions are `execution`. */
const kindOfType: Readonly<Partial<Record<CapabilityType, string>>> = {
  packages: 'package',
  provisioning: 'provision',
  deployment: 'deploy',
  alerts: 'alert',
}

/** The kinds of the entries the host writes for executions. */
export const executionKinds = ['execution', 'package', 'provision', 'deploy', 'alert'] as const

/** What every entry of an execution says of the whole execution, in `body.execution`. */
export interface ExecutionSummary {
  status: ExecutionResult['status']
  startedAt: string
  finishedAt: string
  durationMs: number
}

/** Characters of each output stream kept in an entry: the end, where a failure says why. */
export const JOURNAL_EXCERPT_CHARS = 2_000

/** Most characters of a node's structured value (a task's result, a package action's versions) kept, as JSON. */
const MAX_VALUE_CHARS = 8_000

/** Environment values at least this long are masked in output excerpts; shorter ones (`C`, `1`) would mask at random. */
const MIN_MASKED_VALUE = 6

/** What the host knows of a finished execution when it writes its entries. */
export interface FinishedExecution {
  result: ExecutionResult
  /** The capability's type, which picks the entry's kind. */
  type: CapabilityType
  /** The plugin that ran each node (absent: the host ended the node, say it had no provider). */
  pluginOf: ReadonlyMap<string, string>
  /** The principal that started it. */
  actor?: string | undefined
  /** The execution's input, for what is safe to keep of it: package names, and the env values to mask. */
  input: Readonly<Record<string, unknown>>
}

/**
 * The journal entries of a finished execution: one per node, id
 * `<executionId>:<node>` (so writing them again is a no-op), with its status,
 * exit code, duration, error and the end of its output. Commands, scripts,
 * environment and task parameters are never kept (they may hold secrets), and
 * environment values of {@link MIN_MASKED_VALUE} characters or more are masked
 * wherever the output echoes them.
 */
export function executionEntries(finished: FinishedExecution): JournalEntry[] {
  const { result, type, pluginOf, actor, input } = finished
  const kind = kindOfType[type] ?? 'execution'
  const mask = masker(input.env)
  const packages = Array.isArray(input.packages) ? { packages: input.packages as unknown[] } : {}
  const execution: ExecutionSummary = { status: result.status, startedAt: result.startedAt, finishedAt: result.finishedAt, durationMs: result.durationMs }
  return result.nodes.map((node) => ({
    id: entryId(result.id, node.node),
    node: node.node,
    time: node.finishedAt,
    kind,
    source: pluginOf.get(node.node) ?? 'host',
    ...(actor === undefined ? {} : { actor }),
    executionId: result.id,
    summary: summaryOf(result.capability, node),
    body: {
      capability: result.capability,
      status: node.status,
      exitCode: node.exitCode,
      ...(node.signal === undefined ? {} : { signal: node.signal }),
      durationMs: node.durationMs,
      startedAt: node.startedAt,
      ...(node.error === undefined ? {} : { error: { code: node.error.code, message: mask(node.error.message) } }),
      ...packages,
      ...valueOf(node),
      ...excerpt('stdout', node.stdout, mask),
      ...excerpt('stderr', node.stderr, mask),
      ...(node.truncated ? { outputTruncated: true } : {}),
      execution,
    },
  }))
}

/** `<executionId>:<node>`, or the node's hash in place of a node id too long for an entry id. */
function entryId(executionId: string, node: string): string {
  const id = `${executionId}:${node}`
  return id.length <= 200 ? id : `${executionId}:#${createHash('sha256').update(node).digest('hex').slice(0, 32)}`
}

function summaryOf(capability: string, node: NodeResult): string {
  const how = node.exitCode === null || node.exitCode === undefined ? (node.error === undefined ? '' : ` (${node.error.code})`) : ` (exit ${node.exitCode})`
  return `${capability}: ${node.status}${how}`
}

/** The node's structured value, when it has one and it is small enough to keep. */
function valueOf(node: NodeResult): Record<string, unknown> {
  if (node.value === undefined) return {}
  const json = JSON.stringify(node.value)
  return json.length <= MAX_VALUE_CHARS ? { value: node.value } : { valueOmitted: `${json.length} characters as JSON, more than the ${MAX_VALUE_CHARS} kept` }
}

/** The end of one output stream, masked; nothing for an empty stream. */
function excerpt(name: 'stdout' | 'stderr', text: string, mask: (text: string) => string): Record<string, unknown> {
  if (text === '') return {}
  // Masked before it is cut, so a value the cut splits is not kept half.
  const masked = mask(text)
  const cut = masked.length > JOURNAL_EXCERPT_CHARS
  return { [name]: cut ? masked.slice(-JOURNAL_EXCERPT_CHARS) : masked, ...(cut ? { [`${name}Cut`]: true } : {}) }
}

/** Replaces each long enough environment value of the input with `[masked]`. */
function masker(env: unknown): (text: string) => string {
  const values =
    env !== null && typeof env === 'object'
      ? Object.values(env as Record<string, unknown>)
          .filter((v): v is string => typeof v === 'string' && v.length >= MIN_MASKED_VALUE)
          .sort((a, b) => b.length - a.length)
      : []
  if (values.length === 0) return (text) => text
  return (text) => values.reduce((masked, value) => masked.split(value).join('[masked]'), text)
}
