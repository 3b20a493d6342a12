/**
 * A query in PuppetDB's own query language, sent to the root endpoint as it
 * is written: `nodes[certname]{ latest_report_status = "failed" }`. Capstan
 * does not parse or rewrite it; PuppetDB reports syntax errors (a 400, which
 * the transport turns into VALIDATION_ERROR with PuppetDB's message).
 *
 * A plain `{ pql: '...' }` is a Pql too; {@link pql} only reads better.
 */
export interface Pql {
  /** The PQL text. */
  readonly pql: string
}

/**
 * Wraps PQL text as a query target.
 *
 * @example
 * ```ts
 * const { rows } = await runQuery(transport, pql('inventory[certname]{ facts.os.family = "RedHat" }'))
 * ```
 */
export function pql(text: string): Pql {
  return { pql: text }
}

/** True when `target` is a {@link Pql}. */
export function isPql(target: unknown): target is Pql {
  return typeof target === 'object' && target !== null && !Array.isArray(target) && typeof (target as { pql?: unknown }).pql === 'string'
}
