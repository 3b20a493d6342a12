import { readFile, stat } from 'node:fs/promises'
import { CapstanError } from 'capstan'
import { parseKnownHosts, type KnownHostsEntry } from './known-hosts.js'

/** Files remembered at once; the oldest is forgotten first. */
const MAX_FILES = 32

interface CachedFile {
  /** `mtimeMs:size` when read, or `absent`. */
  signature: string
  entries: Promise<KnownHostsEntry[]>
}

const cache = new Map<string, CachedFile>()

/**
 * The parsed entries of the known_hosts file at `path`, parsed once per
 * version of the file: a file whose modification time and size are unchanged
 * is not read again, and calls that arrive while it is being read share that
 * read. A missing file knows no host (no entries).
 *
 * Fails with CONFIG_ERROR when the file exists but cannot be read.
 */
export async function loadKnownHosts(path: string): Promise<KnownHostsEntry[]> {
  const signature = await signatureOf(path)
  const cached = cache.get(path)
  if (cached !== undefined && cached.signature === signature) return cached.entries
  const entries = signature === 'absent' ? Promise.resolve([]) : readEntries(path)
  cache.delete(path)
  cache.set(path, { signature, entries })
  if (cache.size > MAX_FILES) cache.delete(cache.keys().next().value as string)
  // A failed read is not remembered: the next call tries again.
  entries.catch(() => {
    if (cache.get(path)?.entries === entries) cache.delete(path)
  })
  return entries
}

async function signatureOf(path: string): Promise<string> {
  try {
    const info = await stat(path)
    return `${info.mtimeMs}:${info.size}:${info.ino}`
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'absent'
    throw unreadable(path, error)
  }
}

async function readEntries(path: string): Promise<KnownHostsEntry[]> {
  try {
    return parseKnownHosts(await readFile(path, 'utf8'))
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw unreadable(path, error)
  }
}

function unreadable(path: string, cause: unknown): CapstanError {
  return new CapstanError('CONFIG_ERROR', { message: `Cannot read known_hosts file ${path}`, details: { path }, cause })
}
