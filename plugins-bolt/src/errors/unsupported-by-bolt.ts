import { CapstanError } from 'capstan'

/** The caller asked for something Bolt cannot do (`field` of the input): refused as VALIDATION_ERROR, never dropped silently. */
export function unsupportedByBolt(field: string, message: string): CapstanError {
  return new CapstanError('VALIDATION_ERROR', { message, details: { field, issues: [{ path: field, message: 'not supported by Bolt' }] } })
}
