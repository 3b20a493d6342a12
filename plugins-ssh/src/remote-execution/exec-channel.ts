import type { Client, ClientChannel } from 'ssh2'

/** How a channel's command ended, as the server reported it. */
export interface ChannelExit {
  code: number | null
  signal?: string
}

const exits = new WeakMap<ClientChannel, ChannelExit>()

/**
 * Opens an exec channel running `command` (handed to the login shell's `-c` by
 * sshd). The exit status is recorded from the moment the channel exists: ssh2
 * parses a whole TCP read at once, so a short command's exit status can be
 * emitted before the promise's continuation gets to add a listener (seen
 * through jump hosts, where packets arrive together). Read it with {@link exitOf}.
 */
export function openExec(client: Client, command: string): Promise<ClientChannel> {
  return new Promise((resolve, reject) => {
    client.exec(command, (error, channel) => {
      if (error) return reject(error)
      channel.on('exit', (code: number | null, signal?: string) => exits.set(channel, { code: code ?? null, ...(signal === undefined || signal === null ? {} : { signal }) }))
      resolve(channel)
    })
  })
}

/** The exit status of a channel opened by {@link openExec}, once the server sent it. */
export function exitOf(channel: ClientChannel): ChannelExit | undefined {
  return exits.get(channel)
}

/** Resolves true when `emitter` emits `event`, false when `timeoutMs` passes first. */
export function waitFor(emitter: ClientChannel, event: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      emitter.removeListener(event, done)
      resolve(false)
    }, timeoutMs)
    function done(): void {
      clearTimeout(timer)
      resolve(true)
    }
    emitter.once(event, done)
  })
}

/** Resolves after `ms`, without keeping the process alive. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref?.())
}
