import { formatPath } from '../../errors/validation-error.js'
import { CliConfig } from './cli-config.js'
import { configFileError, type ConfigFileIssue } from './config-file-error.js'

/** The 1-based line of the value at a field path, when the file format can tell. */
export type LocateLine = (path: ReadonlyArray<PropertyKey>) => number | undefined

/**
 * Checks a configuration file's content against {@link CliConfig}.
 *
 * @param raw - the file's content, parsed
 * @param file - the file, named in the error
 * @param locateLine - finds the line of a field, for the error
 * @throws CapstanError CONFIG_ERROR naming the file and every bad field path.
 */
export function validateCliConfig(raw: unknown, file: string, locateLine?: LocateLine): CliConfig {
  const parsed = CliConfig.safeParse(raw)
  if (parsed.success) return parsed.data
  const issues: ConfigFileIssue[] = parsed.error.issues.flatMap((issue) => {
    // Each unknown key is its own mistake, with its own line.
    const paths = issue.code === 'unrecognized_keys' ? issue.keys.map((key) => [...issue.path, key]) : [issue.path]
    return paths.map((path) => {
      const message = issue.code === 'unrecognized_keys' ? `unknown field ${JSON.stringify(path.at(-1))}` : issue.message
      const line = locateLine?.(path)
      return { path: formatPath(path), message, ...(line === undefined ? {} : { line }) }
    })
  })
  throw configFileError(file, issues, parsed.error)
}
