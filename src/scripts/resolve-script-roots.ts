import { realpath, stat } from 'node:fs/promises'
import type { CapstanError } from '../errors/capstan-error.js'
import type { FieldIssue } from '../errors/field-issue.js'
import { echo, issuesError } from '../errors/validation-error.js'

/**
 * The real paths of `roots` (every symbolic link resolved), once each is
 * known to be a directory this process can see.
 *
 * @throws CapstanError CONFIG_ERROR naming each bad `scripts.roots[i]`: one that does not exist, is not a directory or cannot be read.
 */
export async function resolveScriptRoots(roots: readonly string[]): Promise<string[]> {
  const issues: FieldIssue[] = []
  const resolved = await Promise.all(
    roots.map(async (root, index) => {
      const problem = await directoryProblem(root)
      if (typeof problem === 'string') issues.push({ path: `scripts.roots[${index}]`, message: `${echo(root)} ${problem}` })
      return typeof problem === 'string' ? root : problem.real
    }),
  )
  if (issues.length > 0) throw rootsError(issues)
  return resolved
}

/** Why `path` cannot be a root, or its real path. */
async function directoryProblem(path: string): Promise<string | { real: string }> {
  try {
    const real = await realpath(path)
    return (await stat(real)).isDirectory() ? { real } : 'is not a directory'
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    return code === 'ENOENT' ? 'does not exist' : code === 'ENOTDIR' ? 'is not a directory' : `cannot be read (${code ?? 'unknown error'})`
  }
}

function rootsError(issues: FieldIssue[]): CapstanError {
  return issuesError('CONFIG_ERROR', 'Invalid createCapstan options', issues, { subject: 'createCapstan options' })
}
