// What test/infra/start-*.sh recorded about the services they started
// (test/infra/.env, KEY=VALUE lines), overridden by the process environment.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const envFile = fileURLToPath(new URL('../infra/.env', import.meta.url))

/** Every KEY=VALUE the infra scripts wrote, then the process environment on top; a blank value counts as unset. */
export function infraEnv(): Record<string, string | undefined> {
  let recorded: Record<string, string> = {}
  try {
    recorded = Object.fromEntries(
      readFileSync(envFile, 'utf8')
        .split('\n')
        .filter((line) => /^[A-Z0-9_]+=/.test(line))
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    )
  } catch {
    // No services started on this machine: integration suites skip (and CI fails on skips).
  }
  return Object.fromEntries(Object.entries({ ...recorded, ...process.env }).filter(([, value]) => value !== undefined && value.trim() !== ''))
}

/** True when `url` answers 2xx within `timeoutMs`. */
export async function answers(url: string, timeoutMs = 3000): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) })
    await response.body?.cancel()
    return response.ok
  } catch {
    return false
  }
}
