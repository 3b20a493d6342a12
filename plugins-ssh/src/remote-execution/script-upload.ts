import type { Client, SFTPWrapper } from 'ssh2'
import { exitOf, openExec, waitFor } from './exec-channel.js'
import { quoteWord } from './shell-quote.js'

/** How long one upload may take before it is given up. */
const UPLOAD_TIMEOUT_MS = 60_000

/**
 * Writes `content` to the absolute path `remotePath` on the server, mode 0700
 * (owner only, executable). Over SFTP; when the server offers no SFTP
 * subsystem, through `cat > file` on an exec channel's standard input.
 *
 * @throws Error when neither way works; the message says why.
 */
export async function uploadExecutable(client: Client, remotePath: string, content: Buffer): Promise<void> {
  let sftp: SFTPWrapper
  try {
    sftp = await openSftp(client)
  } catch {
    await uploadThroughCat(client, remotePath, content)
    return
  }
  try {
    await new Promise<void>((resolve, reject) => sftp.writeFile(remotePath, content, { mode: 0o700 }, (error) => (error ? reject(error) : resolve())))
    // The mode given at open passes through the server's umask: set it for certain.
    await new Promise<void>((resolve, reject) => sftp.chmod(remotePath, 0o700, (error) => (error ? reject(error) : resolve())))
  } finally {
    sftp.end()
  }
}

function openSftp(client: Client): Promise<SFTPWrapper> {
  return new Promise((resolve, reject) => client.sftp((error, sftp) => (error ? reject(error) : resolve(sftp))))
}

async function uploadThroughCat(client: Client, remotePath: string, content: Buffer): Promise<void> {
  const path = quoteWord(remotePath, 'script')
  const channel = await openExec(client, `umask 077; cat > ${path} && chmod 0700 ${path}`)
  const errors: Buffer[] = []
  channel.resume()
  channel.stderr.on('data', (data: Buffer) => errors.push(data))
  channel.end(content)
  const closed = await waitFor(channel, 'close', UPLOAD_TIMEOUT_MS)
  if (!closed) channel.close()
  const code = exitOf(channel)?.code ?? null
  if (!closed || code !== 0) {
    const said = Buffer.concat(errors).toString('utf8').trim()
    throw new Error(`cat > ${remotePath} ${closed ? `exited ${String(code)}` : 'did not finish in time'}${said === '' ? '' : `: ${said}`}`)
  }
}
