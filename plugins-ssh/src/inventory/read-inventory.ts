import { CapstanError, type Logger, type SourceNode } from 'capstan'
import { explicitHostNodes, type ExplicitHostsInput } from './explicit-hosts.js'
import { readSshConfigNodes } from './read-ssh-config.js'
import type { SshConfigNote } from './ssh-config/ssh-config-file.js'

/** The system-wide client configuration OpenSSH reads. */
const SYSTEM_SSH_CONFIG = '/etc/ssh/ssh_config'

/** Where the plugin's nodes come from. */
export interface InventorySources {
  hosts?: ExplicitHostsInput | undefined
  sshConfig?: string | undefined
  user?: string | undefined
  port?: number | undefined
}

/**
 * The nodes of the ssh_config file and the files it includes (read again on
 * every call, so edits show up) and of `hosts`. Relative Include paths are
 * under ~/.ssh, as for `ssh -F`, except in /etc/ssh/ssh_config, where they
 * are under /etc/ssh.
 *
 * @throws CapstanError CONFIG_ERROR naming `sshConfig` when the file cannot be
 * read or parsed, or `hosts[i]` for a name the file already has (which
 * settings should win is not guessed).
 */
export async function readInventory(sources: InventorySources, logger?: Logger): Promise<SourceNode[]> {
  const defaults = { ...(sources.user === undefined ? {} : { user: sources.user }), ...(sources.port === undefined ? {} : { port: sources.port }) }
  const nodes = new Map<string, SourceNode>()
  if (sources.sshConfig !== undefined) {
    const path = sources.sshConfig
    const onNote = (note: SshConfigNote) => logger?.warn({ path, ...note }, note.message)
    // OpenSSH reads /etc/ssh/ssh_config as the system-wide file: its relative Includes are under /etc/ssh, not ~/.ssh.
    const scope = path === SYSTEM_SSH_CONFIG ? 'system' : 'user'
    for (const node of await readSshConfigNodes(path, { defaults, onNote, scope, field: 'sshConfig' })) nodes.set(node.id, node)
  }
  const explicit = sources.hosts === undefined ? [] : explicitHostNodes(sources.hosts, { defaults })
  explicit.forEach((node, index) => {
    if (nodes.has(node.id)) {
      throw new CapstanError('CONFIG_ERROR', {
        message: `Host "${node.id}" is both in hosts and in ${sources.sshConfig}; keep one of the two entries`,
        details: { field: `hosts[${index}]`, node: node.id },
      })
    }
    nodes.set(node.id, node)
  })
  return [...nodes.values()]
}
