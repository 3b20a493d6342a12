import { CapstanError } from '../../errors/capstan-error.js'

/** One bad field of a configuration file. */
export interface ConfigFileIssue {
  /** Dotted path of the field (`plugins[1].priority`), `(root)` for the whole file. */
  path: string
  /** What is wrong with it. */
  message: string
  /** 1-based line of the field, when the format tells (YAML). */
  line?: number
}

/**
 * The CONFIG_ERROR for a configuration file the CLI cannot use. The message
 * names the file (with the line when known) and every bad field, e.g.
 * `capstan.config.yaml:4: plugins[0].prority: unknown field "prority"`;
 * `details` holds `file`, `field` (the first bad field) and `issues`.
 */
export function configFileError(file: string, issues: readonly ConfigFileIssue[], cause?: unknown): CapstanError {
  const lines = issues.map((issue) => `${file}${issue.line === undefined ? '' : `:${issue.line}`}: ${issue.path}: ${issue.message}`)
  return new CapstanError('CONFIG_ERROR', {
    message: lines.join('; '),
    details: { file, field: issues[0]?.path ?? '(root)', ...(issues[0]?.line === undefined ? {} : { line: issues[0].line }), issues },
    ...(cause === undefined ? {} : { cause }),
  })
}
