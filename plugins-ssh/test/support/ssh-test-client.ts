// The real sshd of test/infra/start-sshd.sh, for the plugin's integration suites.
import { readFileSync } from 'node:fs'
import { Client } from 'ssh2'
import type { NodeEvent } from 'capstan'
import { infraEnv } from '@capstan/test-support/infra-env'

const env = infraEnv()

/** The sudo password of the test user `capstan`. */
export function sudoPassword(): string {
  return readFileSync(`${env.SSH_INFRA as string}/sudo-password`, 'utf8').trim()
}

/** A ready ssh2 client logged in as the test user. */
export function connect(): Promise<Client> {
  return new Promise((resolve, reject) => {
    const client = new Client()
    client.once('ready', () => resolve(client)).once('error', reject)
    client.connect({
      host: env.SSH_HOST,
      port: Number(env.SSH_PORT ?? 22),
      username: env.SSH_USER ?? 'capstan',
      privateKey: readFileSync(env.SSH_KEY as string),
      hostVerifier: () => true,
      readyTimeout: 10_000,
    })
  })
}

/** Every event of a run, its stdout and stderr joined, and its last (`node:finished`) event. */
export async function drain(events: AsyncIterable<NodeEvent>) {
  const all: NodeEvent[] = []
  for await (const event of events) all.push(event)
  const text = (stream: 'stdout' | 'stderr') => all.flatMap((e) => (e.type === 'node:output' && e.stream === stream ? [e.chunk] : [])).join('')
  const finished = all.at(-1)
  if (finished?.type !== 'node:finished') throw new Error(`last event is ${finished?.type}`)
  return { events: all, stdout: text('stdout'), stderr: text('stderr'), finished }
}

/** Polls `check` every 100 ms until it holds or `timeoutMs` passes; returns the last answer. */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (await check()) return true
    if (Date.now() > deadline) return false
    await new Promise((r) => setTimeout(r, 100))
  }
}
