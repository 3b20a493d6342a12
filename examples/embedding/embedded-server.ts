import type { Capstan } from 'capstan'

/** Where and how an embedding example serves. */
export interface ServerOptions {
  /** Default 127.0.0.1. */
  host?: string
  /** Default 3000; 0 picks a free port. */
  port?: number
  /** How long running executions may still take at shutdown (`capstan.close({ graceMs })`); default 10 s. */
  graceMs?: number
}

/** A running embedding example. */
export interface EmbeddedServer {
  /** `http://127.0.0.1:<port>` */
  url: string
  /** The one Capstan of the process, created at start. */
  capstan: Capstan
  /** Shuts down in order: stop taking requests, `capstan.close({ graceMs })`, then close the server. */
  close(): Promise<void>
}
