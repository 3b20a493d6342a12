/** Fields of an inventory row that are not facts: dropped by {@link projectFacts}. */
const INVENTORY_FIELDS = new Set(['certname', 'environment', 'timestamp'])

/**
 * Turns one row of an `extract` on the inventory entity into nested facts.
 * PuppetDB 7.12 answers `["extract", ["certname", "facts.os.family",
 * "trusted.extensions.pp_role"], ...]` with flat keys, exactly as asked:
 * `{"certname": "web01...", "facts.os.family": "Debian",
 * "trusted.extensions.pp_role": "web"}`; this gives
 * `{ os: { family: 'Debian' }, trusted: { extensions: { pp_role: 'web' } } }`.
 *
 * - `facts.<path>` becomes `<path>`; `trusted.<path>` stays under `trusted`,
 *   where Puppet keeps the trusted data among the facts too.
 * - A nested `facts` object (the whole `facts` extracted) is merged in, so
 *   both answer shapes give the same result.
 * - `certname`, `environment` and `timestamp` are not facts and are dropped;
 *   any other key is taken as a fact path as it stands (`os.family`).
 * - A null is dropped: PuppetDB answers null for a fact the node does not
 *   have, and a missing fact should stay missing.
 * - A segment in double quotes may hold dots (`facts."a.b".c`).
 *
 * The row is not changed; values are copied.
 */
export function projectFacts(row: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const facts: Record<string, unknown> = {}
  const whole = row['facts']
  if (isRecord(whole)) {
    for (const [name, value] of Object.entries(whole)) if (value !== null) setPath(facts, [name], structuredClone(value))
  }
  for (const [key, value] of Object.entries(row)) {
    if (value === null || value === undefined || key === 'facts' || INVENTORY_FIELDS.has(key)) continue
    const path = splitFactPath(key)
    setPath(facts, path[0] === 'facts' ? path.slice(1) : path, structuredClone(value))
  }
  return facts
}

/**
 * Sets `value` at `path` in `target`, creating (or replacing non-object)
 * intermediate levels, and returns `target`. Keys become own properties even
 * when named `__proto__` or `constructor`: fact names come from the agents,
 * and must never reach a prototype. An empty path changes nothing.
 */
export function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): Record<string, unknown> {
  if (path.length === 0) return target
  let level = target
  for (const key of path.slice(0, -1)) {
    const next = Object.hasOwn(level, key) ? level[key] : undefined
    if (isRecord(next)) {
      level = next
    } else {
      const created: Record<string, unknown> = {}
      defineOwn(level, key, created)
      level = created
    }
  }
  defineOwn(level, path[path.length - 1]!, value)
  return target
}

/** `facts."a.b".c` → `['facts', 'a.b', 'c']`: dots split, except inside double quotes. */
export function splitFactPath(path: string): string[] {
  const segments: string[] = []
  let current = ''
  let quoted = false
  for (const char of path) {
    if (char === '"') quoted = !quoted
    else if (char === '.' && !quoted) {
      segments.push(current)
      current = ''
    } else current += char
  }
  segments.push(current)
  return segments
}

function defineOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}
