// What test/infra/start-*.sh recorded about the services they started
// (test/infra/.env of the repository this package lives in, KEY=VALUE lines),
// overridden by the process environment.
import { readFileSync } from 'node:fs'
import { connect } from 'node:net'
import { fileURLToPath } from 'node:url'

/** test/infra/.env, from packages/test-support/src/. */
const envFile = fileURLToPath(new URL('../../../test/infra/.env', import.meta.url))

/** Where the value of a key of {@link infraEnv} comes from. */
export type InfraEnvOrigin = 'test/infra/.env' | 'the environment'

/** Every KEY=VALUE the infra scripts wrote, then the process environment on top; a blank value counts as unset. */
export function infraEnv(): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries({ ...recordedEnv(), ...process.env }).filter(([, value]) => isSet(value)))
}

/** Whether `key` of {@link infraEnv} comes from the process environment or from the file the infra scripts wrote; undefined when unset. */
export function infraEnvOrigin(key: string): InfraEnvOrigin | undefined {
  if (isSet(process.env[key])) return 'the environment'
  return isSet(recordedEnv()[key]) ? 'test/infra/.env' : undefined
}

function recordedEnv(): Record<string, string> {
  try {
    return Object.fromEntries(
      readFileSync(envFile, 'utf8')
        .split('\n')
        .filter((line) => /^[A-Z0-9_]+=/.test(line))
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    )
  } catch {
    // No services started on this machine: integration suites skip (and CI fails on skips).
    return {}
  }
}

function isSet(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== ''
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

/** True when `host:port` accepts a TCP connection within `timeoutMs`. */
export function tcpAnswers(host: string, port: number, timeoutMs = 3000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: timeoutMs })
    const done = (answered: boolean) => {
      socket.destroy()
      resolve(answered)
    }
    socket.once('connect', () => done(true))
    socket.once('timeout', () => done(false))
    socket.once('error', () => done(false))
  })
}
