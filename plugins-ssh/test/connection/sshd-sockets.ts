// What the kernel says about TCP connections to the test sshd instances
// (`ss -tnp`, which names the processes holding each socket when run as root).
import { execFileSync } from 'node:child_process'

/** One established TCP socket: its ports and the pids holding it. */
export interface SocketRow {
  localPort: number
  peerPort: number
  pids: number[]
}

function rows(filter: string): SocketRow[] {
  const out = execFileSync('ss', ['-Htnp', 'state', 'established', filter], { encoding: 'utf8' })
  return out
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [, , local = '', peer = ''] = line.trim().split(/\s+/)
      return {
        localPort: Number(local.slice(local.lastIndexOf(':') + 1)),
        peerPort: Number(peer.slice(peer.lastIndexOf(':') + 1)),
        pids: [...line.matchAll(/pid=(\d+)/g)].map((m) => Number(m[1])),
      }
    })
}

/** Local ports of this process's established connections to `serverPort`. */
export function ourClientPorts(serverPort: number): number[] {
  return rows(`( dport = :${serverPort} )`)
    .filter((row) => row.pids.includes(process.pid))
    .map((row) => row.localPort)
}

/** Server-side sockets on `serverPort` whose peer is one of this process's connections: what sshd sees of us. */
export function serverSideOfOurs(serverPort: number): SocketRow[] {
  const ours = new Set(ourClientPorts(serverPort))
  return rows(`( sport = :${serverPort} )`).filter((row) => ours.has(row.peerPort))
}

/** Pids of the sshd processes serving the connection from `clientPort` to `serverPort`. */
export function sessionPids(serverPort: number, clientPort: number): number[] {
  return rows(`( sport = :${serverPort} and dport = :${clientPort} )`).flatMap((row) => row.pids)
}

/** Established connections to `serverPort` held by any of `pids`. */
export function connectionsBy(serverPort: number, pids: number[]): SocketRow[] {
  return rows(`( dport = :${serverPort} )`).filter((row) => row.pids.some((pid) => pids.includes(pid)))
}

/** Polls `condition` every 10 ms until it holds; throws after `timeoutMs`. */
export async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

/** Sends `name` to each of `pids` (sshd processes a test's own connections opened); one already gone is skipped. */
export function signalAll(pids: readonly number[], name: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, name)
    } catch {
      // Already gone.
    }
  }
}
