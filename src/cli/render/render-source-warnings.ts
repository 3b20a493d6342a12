import type { SourceOutcome } from '../../capabilities/models/source-outcome.js'
import type { Style } from './style.js'

function isFailedOutcome(value: unknown): value is SourceOutcome {
  return typeof value === 'object' && value !== null && (value as { ok?: unknown }).ok === false && typeof (value as { plugin?: unknown }).plugin === 'string'
}

/**
 * One warning line per source that did not answer an aggregated query
 * (`sources` entries with `ok: false`), or an empty string when every source
 * answered or the result has no `sources` list.
 *
 * @example
 * ```ts
 * renderSourceWarnings({ nodes: [], sources: [{ plugin: 'puppetdb', ok: false, durationMs: 5000,
 *   error: { code: 'PLUGIN_TIMEOUT', message: 'timed out' } }], partial: true }, style)
 * // warning: source puppetdb failed (PLUGIN_TIMEOUT): timed out
 * ```
 */
export function renderSourceWarnings(result: unknown, style: Style): string {
  if (typeof result !== 'object' || result === null) return ''
  const sources = (result as { sources?: unknown }).sources
  if (!Array.isArray(sources)) return ''
  return sources
    .filter(isFailedOutcome)
    .map((source) => {
      const reason = source.error ? ` (${source.error.code}): ${source.error.message}` : ''
      return `${style.yellow(`warning: source ${source.plugin} failed${reason}`)}\n`
    })
    .join('')
}
