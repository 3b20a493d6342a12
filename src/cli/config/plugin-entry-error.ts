import { CapstanError, isCapstanError } from '../../errors/capstan-error.js'
import { thrownMessage } from '../../errors/thrown-message.js'

/**
 * The CONFIG_ERROR for a configured plugin that cannot be read or loaded. The
 * message starts with the entry and its module (`plugins[1] (./plugins/x): `)
 * so the user knows which line of the configuration to look at; the
 * underlying error (most often the loader's, naming package.json or
 * plugin.json and the field there) follows and stays the `cause`.
 *
 * `details.field` is the entry (`plugins[1]`), `details.module` the specifier as
 * written; `details.file` and `details.fileField` name the file and field at fault when known.
 */
export function pluginEntryError(index: number, module: string, error: unknown): CapstanError {
  const field = `plugins[${index}]`
  const inner = isCapstanError(error) ? error.details : {}
  const reason = thrownMessage(error)
  return new CapstanError('CONFIG_ERROR', {
    message: `${field} (${module}): ${reason}`,
    details: {
      field,
      module,
      ...(typeof inner['file'] === 'string' ? { file: inner['file'] } : {}),
      ...(typeof inner['field'] === 'string' ? { fileField: inner['field'] } : {}),
    },
    cause: error,
  })
}
