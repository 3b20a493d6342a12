import type { ErrorCode, Facts } from 'capstan'
import { z } from 'zod'
import { parseBoltOutput } from '../bolt-cli/parse-bolt-output.js'
import { errorCodeOfBoltKind } from '../errors/error-code-of-bolt-kind.js'
import { BoltItemError, BoltResultItems, type BoltResultItem } from './bolt-result-items.js'

/** The command whose output {@link mapFactsItems} reads, as named in errors. */
export const FACTS_COMMAND = 'bolt task run facts --format json'

/** Why one target has no facts. */
export interface FactsTargetError {
  /** Bolt's target name. */
  target: string
  /** The node id it maps to. */
  node: string
  /** Catalog code: UNAVAILABLE when Bolt could not connect, else PLUGIN_ERROR. */
  code: ErrorCode
  /** Bolt's own message (`_error.msg`), or what was wrong with the result. */
  message: string
  /** Bolt's error kind (`puppetlabs.tasks/exception-error`), when it gave one. */
  kind?: string
}

/** What one `bolt task run facts` gave: facts of the targets that answered, an error for each that did not. */
export interface MappedFacts {
  facts: Facts[]
  errors: FactsTargetError[]
}

/** Options of {@link mapFactsItems}. */
export interface MapFactsOptions {
  /** Plugin name, put in `Facts.source`. */
  source: string
  /**
   * When the facts were gathered (default: now). Bolt prints no timestamp,
   * so the caller passes the time its Bolt run ended; tests pass a fixed one.
   */
  now?: Date
  /** The targets asked for: one missing from Bolt's `items` becomes an error, never a silent gap. */
  targets?: readonly string[]
}

const FactsValue = z.record(z.string(), z.unknown())

/**
 * Maps what `bolt task run facts --format json` prints onto one {@link Facts}
 * per target that succeeded, its value kept as Bolt returns it (`os`,
 * `kernel`, `processors`, `memory`, `networking` and the rest of Facter's
 * facts, legacy ones included). A failed target (unreachable, or the facts
 * task failed on it) becomes a {@link FactsTargetError} with Bolt's message.
 *
 * `targetToNode` turns Bolt's target name into the node id to report; a
 * target it does not know keeps its Bolt name.
 *
 * @throws CapstanError PLUGIN_ERROR with Bolt's message when Bolt itself
 *   failed (a top-level `_error`), or naming the command and the field when
 *   `items` is not what Bolt 3.x prints. A success whose value is not an
 *   object fails only that target.
 */
export function mapFactsItems(
  json: unknown,
  targetToNode: ReadonlyMap<string, string> | ((target: string) => string | undefined),
  options: MapFactsOptions,
): MappedFacts {
  const nodeOf = (target: string): string => (typeof targetToNode === 'function' ? targetToNode(target) : targetToNode.get(target)) ?? target
  const { items } = parseBoltOutput(BoltResultItems, json, FACTS_COMMAND, { plugin: options.source })
  const gatheredAt = (options.now ?? new Date()).toISOString()
  const out: MappedFacts = { facts: [], errors: [] }
  const seen = new Set<string>()
  for (const item of items) {
    seen.add(item.target)
    const node = nodeOf(item.target)
    const value = FactsValue.safeParse(item.value)
    if (item.status === 'success' && value.success) {
      out.facts.push({ node, source: options.source, gatheredAt, facts: value.data })
    } else if (item.status === 'success') {
      out.errors.push({ target: item.target, node, code: 'PLUGIN_ERROR', message: `The facts task on ${item.target} returned no facts object (value: ${typeName(item.value)})` })
    } else {
      out.errors.push(failedItemError(item, node))
    }
  }
  for (const target of options.targets ?? []) {
    if (seen.has(target)) continue
    out.errors.push({ target, node: nodeOf(target), code: 'PLUGIN_ERROR', message: `Bolt returned no result for ${target}` })
  }
  return out
}

function failedItemError(item: BoltResultItem, node: string): FactsTargetError {
  const value = item.value !== null && typeof item.value === 'object' ? (item.value as Record<string, unknown>) : {}
  const boltError = BoltItemError.safeParse(value['_error'])
  if (!boltError.success) {
    return { target: item.target, node, code: 'PLUGIN_ERROR', message: `The facts task ended with status ${item.status} on ${item.target}, without an error message` }
  }
  const { kind, msg } = boltError.data
  return { target: item.target, node, code: errorCodeOfBoltKind(kind), message: msg, ...(kind === undefined ? {} : { kind }) }
}

function typeName(value: unknown): string {
  if (value === null) return 'null'
  return Array.isArray(value) ? 'array' : typeof value
}
