import { CapstanError } from 'capstan'
import { boltFailureError } from '../errors/bolt-failure-error.js'
import { isRecord, toBoltError, toBoltItem, type BoltItem } from './bolt-item.js'
import { outputExcerpt } from './output-excerpt.js'

/** What a finished Bolt run printed and how it ended. */
export interface BoltOutput {
  /** Bolt's stdout without the `--stream` lines: the JSON document (see StreamLineParser). */
  document: string
  /** Bolt's stderr (warnings, and the error of a crash); quoted when the document is unusable. */
  stderr: string
  exitCode: number | null
  /** The signal that ended Bolt, if one did. */
  signal?: string | null
  /** Values that must not appear in error messages (environment values, task parameters). */
  secrets?: readonly string[]
}

/**
 * What a Bolt run produced: the per-target items, and `failure` when Bolt
 * itself failed. Items and a failure may come together: a document cut short
 * yields the items it completed.
 */
export interface ParsedBoltResult {
  items: BoltItem[]
  failure?: CapstanError
}

/**
 * Reads the JSON document of a `bolt command|script|task run --format json`:
 * - `{ "items": [...], "target_count", "elapsed_time" }` → the items (exit code
 *   1 with items is normal: some target failed);
 * - `{ "items": [], "_error": {...} }` (unknown task, bad parameters, missing
 *   script) and a bare `{ "kind", "msg", "details" }` (Bolt failed before it
 *   began its document) → `failure` from {@link boltFailureError};
 * - plain text (option errors such as `Unknown argument '--bogus'`, which
 *   means the plugin built a bad command line), an empty or cut-off document →
 *   PLUGIN_ERROR quoting the first lines of stderr and of plain-text stdout
 *   (never of a JSON document, which holds the targets' output), ANSI codes
 *   removed and secrets redacted; items completed before the cut are kept.
 */
export function parseBoltResult(output: BoltOutput): ParsedBoltResult {
  const secrets = output.secrets ?? []
  const text = output.document.trim()
  // Plain text is Bolt's own message (option errors); quote it.
  if (!text.startsWith('{')) return { items: [], failure: unexpectedOutput(output, 'did not print a JSON result', true) }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return { items: salvageItems(text), failure: unexpectedOutput(output, 'printed an incomplete JSON result') }
  }
  if (!isRecord(parsed)) return { items: [], failure: unexpectedOutput(output, 'printed JSON that is not a result') }
  const items = Array.isArray(parsed.items) ? parsed.items.flatMap((item) => toBoltItem(item) ?? []) : []
  const error = toBoltError(parsed._error) ?? (parsed.items === undefined ? toBoltError(parsed) : undefined)
  if (error !== undefined) return { items, failure: boltFailureError(error, secrets) }
  if (!Array.isArray(parsed.items)) return { items: [], failure: unexpectedOutput(output, 'printed JSON without items') }
  return { items }
}

/**
 * The items of a document Bolt did not finish (it crashed or was killed
 * mid-run). Bolt prints each item as one line of JSON, so every line that
 * parses as an item is one that was complete.
 */
function salvageItems(text: string): BoltItem[] {
  return text.split('\n').flatMap((line) => {
    const trimmed = line.trim()
    if (!trimmed.startsWith('{')) return []
    try {
      return toBoltItem(JSON.parse(trimmed)) ?? []
    } catch {
      return []
    }
  })
}

/** PLUGIN_ERROR for output the plugin cannot read, quoting stderr and, when asked, stdout. */
function unexpectedOutput(output: BoltOutput, what: string, quoteStdout = false): CapstanError {
  const ended = output.exitCode === null ? `killed by ${output.signal ?? 'a signal'}` : `exit code ${output.exitCode}`
  // A JSON document holds the targets' output, which may print anything: only Bolt's own text is quoted.
  const stdout = quoteStdout ? outputExcerpt(output.document, output.secrets) : ''
  const stderr = outputExcerpt(output.stderr, output.secrets)
  const quoted = [stdout, stderr === '' ? '' : `stderr: ${stderr}`].filter((part) => part !== '').join('\n')
  return new CapstanError('PLUGIN_ERROR', {
    message: `Bolt ${what} (${ended})${quoted === '' ? '' : `: ${quoted}`}`,
    details: { exitCode: output.exitCode, ...(output.signal ? { signal: output.signal } : {}) },
  })
}
