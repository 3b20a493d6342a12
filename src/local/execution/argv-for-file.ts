import { constants } from 'node:fs'
import { access } from 'node:fs/promises'
import { extname } from 'node:path'

// Interpreters for files that lack the execute bit, by extension. `node` is this
// process's own binary, which is certain to exist.
const interpreters: Readonly<Record<string, string>> = {
  '.sh': '/bin/sh',
  '.bash': 'bash',
  '.py': 'python3',
  '.rb': 'ruby',
  '.pl': 'perl',
  '.js': process.execPath,
  '.mjs': process.execPath,
  '.cjs': process.execPath,
}

/**
 * The argv that runs a script or task file: the file itself when it is
 * executable (its shebang picks the interpreter), else the interpreter for
 * its extension (`.sh` → /bin/sh, `.py` → python3, `.rb` → ruby, `.js` →
 * node, ...), else `/bin/sh` — a file that is neither executable nor
 * recognisable is most likely a shell script copied without its mode.
 */
export async function argvForFile(path: string): Promise<[string, ...string[]]> {
  try {
    await access(path, constants.X_OK)
    return [path]
  } catch {
    return [interpreters[extname(path).toLowerCase()] ?? '/bin/sh', path]
  }
}
