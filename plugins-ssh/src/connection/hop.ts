import type { SshTarget } from './ssh-target.js'

/** One hop of a connection chain: what to connect to and how to name it in errors. */
export interface Hop {
  target: SshTarget
  port: number
  /** `user@host:port`. */
  name: string
  /** `jump 127.0.0.1:2222` or `target 10.0.0.5:22`: what errors put in `details.hop`. */
  label: string
  /** `host:port` of the destination when this hop is a jump host, else undefined. */
  via?: string
  /** `host:port` of the jump host this hop is reached through, if any. */
  through?: string
}
