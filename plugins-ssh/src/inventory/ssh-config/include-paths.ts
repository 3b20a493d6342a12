import { readdir } from 'node:fs/promises'
import { isAbsolute, join } from 'node:path'
import { escapeRegExp } from './ssh-patterns.js'

/**
 * The absolute pattern OpenSSH makes of an Include argument: `~` and `~/`
 * are the home directory, an absolute path stays, and a relative one is
 * under `~/.ssh` in a user file and `/etc/ssh` in the system-wide one (not
 * next to the including file). Undefined for `~name/...`, which is not
 * followed. (A system file may not use `~` at all: the caller refuses it.)
 */
export function anchorIncludePath(written: string, scope: 'user' | 'system', home: string): string | undefined {
  if (written === '~' || written.startsWith('~/')) return join(home, written.slice(1))
  if (written.startsWith('~')) return undefined
  if (isAbsolute(written)) return written
  return scope === 'user' ? join(home, '.ssh', written) : join('/etc/ssh', written)
}

/**
 * The files an absolute `Include` path names, as glob(3) finds them: `*`,
 * `?` and `[...]` in any component, never matching a leading `.` unless the
 * pattern has one, backslash escaping the next character, the whole list
 * sorted. A component without wildcards is taken as written; whether it
 * exists is the reader's business (OpenSSH skips a missing file).
 */
export async function expandIncludePaths(absolutePattern: string): Promise<string[]> {
  let paths = ['/']
  for (const component of absolutePattern.split('/').filter((part) => part !== '')) {
    if (!hasWildcard(component)) {
      paths = paths.map((path) => join(path, unescape(component)))
      continue
    }
    const matcher = componentMatcher(component)
    const next: string[] = []
    for (const dir of paths) {
      for (const entry of await entriesOf(dir)) if (matcher.test(entry)) next.push(join(dir, entry))
    }
    paths = next
  }
  return paths.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
}

function hasWildcard(component: string): boolean {
  return /(^|[^\\])[*?[]/.test(component)
}

async function entriesOf(dir: string): Promise<string[]> {
  try {
    return await readdir(dir)
  } catch {
    // glob(3) without GLOB_ERR passes over a directory it cannot read, and so does OpenSSH.
    return []
  }
}

function unescape(component: string): string {
  return component.replace(/\\(.)/g, '$1')
}

function componentMatcher(component: string): RegExp {
  let source = component.startsWith('.') ? '' : '(?!\\.)'
  for (let index = 0; index < component.length; index++) {
    const char = component[index]!
    if (char === '\\' && index + 1 < component.length) source += escapeRegExp(component[++index]!)
    else if (char === '*') source += '[^/]*'
    else if (char === '?') source += '[^/]'
    else if (char === '[') {
      const close = component.indexOf(']', index + 2)
      if (close < 0) source += '\\['
      else {
        const body = component.slice(index + 1, close)
        const negated = body.startsWith('!') || body.startsWith('^')
        const members = (negated ? body.slice(1) : body).replace(/[\\\]^]/g, '\\$&')
        source += `[${negated ? '^' : ''}${members}]`
        index = close
      }
    } else source += escapeRegExp(char)
  }
  return new RegExp(`^${source}$`, 's')
}
