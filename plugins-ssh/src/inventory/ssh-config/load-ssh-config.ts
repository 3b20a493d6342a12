import { readFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { CapstanError } from 'capstan'
import { anchorIncludePath, expandIncludePaths } from './include-paths.js'
import { parseSshConfig } from './parse-ssh-config.js'
import { sshConfigError } from './ssh-config-error.js'
import { noteOn, type SshConfigDirective, type SshConfigFile } from './ssh-config-file.js'

/** How deep `Include` may nest below the file read first: OpenSSH's own limit. */
export const MAX_INCLUDE_DEPTH = 16

/** Options of {@link loadSshConfig}. */
export interface LoadSshConfigOptions {
  /**
   * `user` (the default, as for `ssh -F`): a relative Include path is under
   * `~/.ssh`, and `~` may start one. `system` (/etc/ssh/ssh_config): a
   * relative path is under `/etc/ssh`, and `~` is refused.
   */
  scope?: 'user' | 'system' | undefined
  /** What `~` expands to; the current user's home directory (`$HOME`) by default. */
  homeDir?: string | undefined
  /** Named as `details.field` when the file itself cannot be read: the option that gave its path. */
  field?: string | undefined
}

/**
 * An ssh_config file and every file its `Include` lines name, read as
 * OpenSSH reads them: each path or glob, sorted, a missing file skipped,
 * Includes inside included files too, at most {@link MAX_INCLUDE_DEPTH} deep.
 * Every Include is followed, also one inside a block that applies to no
 * host (OpenSSH reads it too, to check it); which settings apply is decided
 * per host later.
 *
 * @throws CapstanError CONFIG_ERROR naming the file (and line): one that
 * cannot be read (other than missing, for an included one), that does not
 * parse, an Include cycle or one nested too deep, `~` in a system file.
 */
export async function loadSshConfig(path: string, options: LoadSshConfigOptions = {}): Promise<SshConfigFile> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    throw new CapstanError('CONFIG_ERROR', {
      message: `Cannot read the ssh_config file ${path}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`,
      details: { file: path, ...(options.field === undefined ? {} : { field: options.field }) },
      cause: error,
    })
  }
  const reader: IncludeReader = { scope: options.scope ?? 'user', home: options.homeDir ?? homedir() }
  return followIncludes(parseSshConfig(text, path), [path], reader)
}

interface IncludeReader {
  scope: 'user' | 'system'
  home: string
}

async function followIncludes(file: SshConfigFile, chain: readonly string[], reader: IncludeReader): Promise<SshConfigFile> {
  for (const directive of file.directives) {
    if (directive.keyword !== 'include') continue
    directive.included = []
    for (const written of directive.args) {
      const pattern = anchoredPattern(written, file, directive, reader)
      if (pattern === undefined) continue
      for (const path of await expandIncludePaths(pattern)) {
        const text = await readIncluded(path, file, directive, chain)
        if (text !== undefined) directive.included.push(await followIncludes(parseSshConfig(text, path), [...chain, path], reader))
      }
    }
  }
  return file
}

/** The absolute pattern of an Include argument; undefined (with a note) for one that is not followed. */
function anchoredPattern(written: string, file: SshConfigFile, directive: SshConfigDirective, reader: IncludeReader): string | undefined {
  if (written.startsWith('~') && reader.scope === 'system') {
    throw sshConfigError(file.path, `line ${directive.line}: Include ${written}: a system-wide file may not use ~`, { line: directive.line, field: 'Include', value: written })
  }
  const pattern = anchorIncludePath(written, reader.scope, reader.home)
  if (pattern === undefined) file.notes.push(noteOn(file.path, directive, `Include ${written} not followed: only ~ of the current user is expanded`))
  return pattern
}

async function readIncluded(path: string, file: SshConfigFile, directive: SshConfigDirective, chain: readonly string[]): Promise<string | undefined> {
  const where = { line: directive.line, field: 'Include', path }
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return undefined
    if (code === 'EISDIR') {
      file.notes.push(noteOn(file.path, directive, `Include ${path} is a directory, not read (name its files: ${join(path, '*')})`))
      return undefined
    }
    throw sshConfigError(file.path, `line ${directive.line}: cannot read the included file ${path}: ${code ?? 'unreadable'}`, where, error)
  }
  if (chain.includes(path)) {
    throw sshConfigError(file.path, `line ${directive.line}: Include of ${path} loops back to a file that includes it (${[...chain, path].join(' -> ')})`, where)
  }
  if (chain.length > MAX_INCLUDE_DEPTH) {
    throw sshConfigError(file.path, `line ${directive.line}: Include of ${path} nests deeper than ${MAX_INCLUDE_DEPTH} files, OpenSSH's limit`, where)
  }
  return text
}
