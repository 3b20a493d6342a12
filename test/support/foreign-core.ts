// A second copy of the core's error module, as a plugin that loaded the other
// build of the core (CJS under an ESM host) would have: imported again under
// another id (the query string), it shares nothing with the first copy but
// the process-wide symbol registry.
type ErrorModule = typeof import('../../src/errors/capstan-error.js')

const copySpecifier = '../../src/errors/capstan-error.ts?copy'

/** `CapstanError`, `isCapstanError` and `toCapstanError` of the second copy. */
export const foreignCore = (await import(copySpecifier)) as ErrorModule
