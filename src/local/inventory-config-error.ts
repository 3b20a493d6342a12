import { CapstanError } from '../errors/capstan-error.js'

/**
 * A CONFIG_ERROR about an inventory file. The message names the file first, so
 * a user sees which file to open; `details.file` carries it for programs, next
 * to whatever else is known (`field`, `line`, `column`).
 */
export function inventoryConfigError(file: string, message: string, details: Record<string, unknown> = {}, cause?: unknown): CapstanError {
  return new CapstanError('CONFIG_ERROR', {
    message: `Invalid inventory file ${file}: ${message}`,
    details: { file, ...details },
    ...(cause === undefined ? {} : { cause }),
  })
}
