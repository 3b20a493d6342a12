import { readFile } from 'node:fs/promises'
import { CapstanError, type Logger, type SourceNode } from 'capstan'
import { explicitHostNodes, sshConfigNodes, type ExplicitHostsInput } from '../inventory/index.js'

/** Where the plugin's nodes come from. */
export interface InventorySources {
  hosts?: ExplicitHostsInput | undefined
  sshConfig?: string | undefined
  user?: string | undefined
  port?: number | undefined
}

/**
 * The nodes of the ssh_config file (read again on every call, so edits show
 * up) and of `hosts`.
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
    let text: string
    try {
      text = await readFile(path, 'utf8')
    } catch (error) {
      throw new CapstanError('CONFIG_ERROR', {
        message: `Cannot read the ssh_config file ${path}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`,
        details: { field: 'sshConfig', path },
        cause: error,
      })
    }
    const onNote = (note: { line: number; directive: string; message: string }) => logger?.warn({ path, ...note }, note.message)
    for (const node of sshConfigNodes(text, { source: path, defaults, onNote })) nodes.set(node.id, node)
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
