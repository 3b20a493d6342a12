import type { Client } from 'ssh2'
import type { NodeStatus } from 'capstan'
import type { RemoteCommand } from './remote-command.js'
import type { RunRemoteOptions } from './run-remote-options.js'
import { runRemote } from './run-remote.js'

/** What {@link collectRemote} gathered from one command. */
export interface CollectedRun {
  status: NodeStatus
  exitCode: number | null
  stdout: string
  stderr: string
  /** Why the node did not succeed, when runRemote said (cancelled, timeout, lost connection). */
  error?: { code: string; message: string } | undefined
}

/**
 * Runs `command` like {@link runRemote} and returns its whole output once it
 * ends: for the plugin's own short commands (facts, package queries), never
 * for user commands, whose output is streamed.
 */
export async function collectRemote(client: Client, command: RemoteCommand, options: RunRemoteOptions): Promise<CollectedRun> {
  const out = { stdout: [] as string[], stderr: [] as string[] }
  for await (const event of runRemote(client, command, options)) {
    if (event.type === 'node:output') out[event.stream].push(event.chunk)
    else if (event.type === 'node:finished') {
      return {
        status: event.status,
        exitCode: event.exitCode ?? null,
        stdout: out.stdout.join(''),
        stderr: out.stderr.join(''),
        ...(event.error === undefined ? {} : { error: { code: event.error.code, message: event.error.message } }),
      }
    }
  }
  return { status: 'error', exitCode: null, stdout: out.stdout.join(''), stderr: out.stderr.join(''), error: { code: 'PLUGIN_ERROR', message: `The command on ${options.node} ended without a result` } }
}
