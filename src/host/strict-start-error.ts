import { CapstanError } from '../errors/capstan-error.js'

/**
 * The error `createCapstan({ strict: true })` rejects with when plugins failed
 * to start: PLUGIN_UNAVAILABLE naming each plugin with its error
 * (`details.plugins`); `cause` is the start error, or an AggregateError of
 * them when several failed.
 */
export function strictStartError(failures: ReadonlyArray<{ plugin: string; error: CapstanError; transient: boolean }>): CapstanError {
  const listed = failures.map((f) => `${f.plugin} (${f.error.code}: ${f.error.message})`).join('; ')
  const errors = failures.map((f) => f.error)
  return new CapstanError('PLUGIN_UNAVAILABLE', {
    message: `${failures.length === 1 ? 'A plugin' : `${failures.length} plugins`} failed to start, and strict is set: ${listed}`,
    details: { plugins: failures.map((f) => ({ plugin: f.plugin, code: f.error.code, message: f.error.message, transient: f.transient })) },
    cause: errors.length === 1 ? errors[0] : new AggregateError(errors, `${errors.length} plugins failed to start`),
    retryable: failures.every((f) => f.transient),
  })
}
