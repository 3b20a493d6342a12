import { fileURLToPath } from 'node:url'
import type { EmbeddedServer, ServerOptions } from './embedded-server.js'

/** True when the module at `moduleUrl` is the one node was started with, not an import. */
export function isMain(moduleUrl: string): boolean {
  return process.argv[1] !== undefined && fileURLToPath(moduleUrl) === process.argv[1]
}

/**
 * Starts a server with HOST, PORT and GRACE_MS from the environment and
 * serves until SIGTERM or SIGINT, then shuts it down: a second signal cuts
 * the grace short (`capstan.close({ graceMs: 0 })` cancels what still runs).
 * It never calls `process.exit`: the process ends once nothing is left open.
 */
export async function serveUntilSignal(start: (options: ServerOptions) => Promise<EmbeddedServer>): Promise<void> {
  const { HOST, PORT, GRACE_MS } = process.env
  const server = await start({
    ...(HOST === undefined ? {} : { host: HOST }),
    ...(PORT === undefined ? {} : { port: Number(PORT) }),
    ...(GRACE_MS === undefined ? {} : { graceMs: Number(GRACE_MS) }),
  })
  console.log(`listening on ${server.url}`)
  let signals = 0
  const stop = (signal: NodeJS.Signals) => {
    if (++signals > 1) {
      console.log(`${signal} again: cancelling what still runs`)
      void server.capstan.close({ graceMs: 0 })
      return
    }
    console.log(`${signal}: shutting down`)
    server.close().then(
      () => {
        process.off('SIGTERM', stop).off('SIGINT', stop)
        console.log('closed')
      },
      (error: unknown) => {
        console.error(error)
        process.exitCode = 1
      },
    )
  }
  process.on('SIGTERM', stop).on('SIGINT', stop)
}
