import { randomBytes } from 'node:crypto'
import type { Client, ClientChannel } from 'ssh2'
import { openExec, waitFor } from './exec-channel.js'
import { quoteWord } from './shell-quote.js'
import { SudoDialogue } from './sudo-dialogue.js'
import { sudoCommandLine, type SudoOptions } from './sudo.js'

/**
 * Runs the shell `script` on a channel of its own (under sudo when `sudo` is
 * given, the password fed on stdin at sudo's prompt) and waits for it to
 * close, at most `timeoutMs`. Resolves false when the channel could not be
 * opened or sudo refused to run the script; without sudo, also when it did not
 * end in time.
 */
export async function runSide(client: Client, script: string, timeoutMs: number, sudo?: SudoOptions): Promise<boolean> {
  const nonce = `capstan-side-${randomBytes(8).toString('hex')}`
  const command = sudo === undefined ? `exec /bin/sh -c ${quoteWord(script)}` : `exec ${sudoCommandLine(sudo, nonce, `/bin/sh -c ${quoteWord(script)}`)}`
  let channel: ClientChannel
  try {
    channel = await openExec(client, command)
  } catch {
    return false // The connection is gone; so is the session, and sshd has closed the command's pipes.
  }
  channel.resume()
  let dialogue: SudoDialogue | undefined
  if (sudo === undefined) {
    channel.stderr.resume()
    channel.end()
  } else {
    const current = (dialogue = new SudoDialogue(nonce, sudo.password, { write: (text) => channel.write(text), end: () => channel.end() }, () => channel.end()))
    channel.stderr.on('data', (data: Buffer) => void current.push(data))
  }
  const closed = await waitFor(channel, 'close', timeoutMs)
  dialogue?.abandon()
  channel.close()
  return dialogue === undefined ? closed : dialogue.running
}
