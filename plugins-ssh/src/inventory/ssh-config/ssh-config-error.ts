import { CapstanError } from 'capstan'

/** CONFIG_ERROR for a mistake in an ssh_config file: the message and `details.file` name the file, `details.line` the line. */
export function sshConfigError(file: string, message: string, details: Record<string, unknown> = {}, cause?: unknown): CapstanError {
  return new CapstanError('CONFIG_ERROR', {
    message: `Invalid ssh_config ${file}: ${message}`,
    details: { file, ...details },
    ...(cause === undefined ? {} : { cause }),
  })
}
