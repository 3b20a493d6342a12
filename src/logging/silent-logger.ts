import type { Logger } from '../capabilities/provider-context.js'

/** A logger that drops everything: the host's default, so embedding Capstan prints nothing unasked. */
export function createSilentLogger(): Logger {
  const logger: Logger = {
    debug() {},
    info() {},
    warn() {},
    error() {},
    child: () => logger,
  }
  return logger
}
