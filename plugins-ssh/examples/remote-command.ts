import { readFileSync } from 'node:fs'
import { ConnectionPool, runRemote } from '@capstan/plugin-ssh'

const pool = new ConnectionPool({ maxPerHost: 1, idleMs: 30_000 })
const lease = await pool.acquire({
  host: '127.0.0.1',
  port: 2222,
  username: 'capstan',
  privateKey: readFileSync('/tmp/capstan-infra/sshd/client'),
  knownHosts: '/tmp/capstan-infra/sshd/known_hosts',
})
for await (const event of runRemote(lease.client, { command: 'uname -a; echo done >&2' }, { node: 'local-sshd', timeoutMs: 10_000 })) {
  if (event.type === 'node:output') process.stdout.write(`[${event.stream}] ${event.chunk}`)
  if (event.type === 'node:finished') console.log(event.status, event.exitCode)
}
lease.release()
pool.close()
