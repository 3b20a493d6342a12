import { CapstanError } from '../errors/capstan-error.js'

/** What went wrong while finding, validating or creating a plugin. */
export interface PluginConfigProblem {
  /** The file at fault (package.json, plugin.json, the plugin's module), as the user can open it. */
  file: string
  /** The field in that file (or load option) at fault, as a dotted path; `(root)` for the whole file. */
  field: string
  /** What is wrong, in a phrase that follows `file: field: `. */
  message: string
  /** Extra structured context (module specifier, plugin name, range). */
  details?: Record<string, unknown>
  /** The underlying error, when there is one. */
  cause?: unknown
}

/**
 * Builds the CONFIG_ERROR every plugin-loading failure is reported as. The
 * message always starts with `file: field:` so a reader can jump to the
 * mistake without reading `details`.
 */
export function pluginConfigError(problem: PluginConfigProblem): CapstanError {
  return new CapstanError('CONFIG_ERROR', {
    message: `${problem.file}: ${problem.field}: ${problem.message}`,
    details: { ...problem.details, file: problem.file, field: problem.field },
    ...(problem.cause === undefined ? {} : { cause: problem.cause }),
  })
}
