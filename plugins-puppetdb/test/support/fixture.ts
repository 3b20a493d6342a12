import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/**
 * The response body of a recorded PuppetDB 7.12 exchange (test/fixtures/recorded).
 */
export function fixtureBody(name: string): unknown {
  const path = fileURLToPath(new URL(`../fixtures/recorded/${name}.json`, import.meta.url))
  const recorded = JSON.parse(readFileSync(path, 'utf8')) as { response: { status: number; body: unknown } }
  if (recorded.response.status !== 200) throw new Error(`${name} recorded status ${recorded.response.status}`)
  return recorded.response.body
}

/** The rows of a recorded answer: the array, or the one object of a `/<entity>/<name>` answer. */
export function fixtureRows(name: string): Record<string, unknown>[] {
  const body = fixtureBody(name)
  return (Array.isArray(body) ? body : [body]) as Record<string, unknown>[]
}

/** A deep copy of `row` with `changes` applied (a value of undefined removes the field). */
export function withFields(row: Record<string, unknown>, changes: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(row)
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) delete copy[key]
    else copy[key] = value
  }
  return copy
}
