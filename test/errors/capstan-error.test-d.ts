import { expectTypeOf, test } from 'vitest'
import { CapstanError, isCapstanError, type FieldIssue } from 'capstan'

declare const thrown: unknown

test('isCapstanError with a code narrows details to that code\'s shape', () => {
  if (isCapstanError(thrown, 'VALIDATION_ERROR')) {
    expectTypeOf(thrown.code).toEqualTypeOf<'VALIDATION_ERROR'>()
    expectTypeOf(thrown.details.issues).toEqualTypeOf<FieldIssue[]>()
    expectTypeOf(thrown.details.field).toEqualTypeOf<string | undefined>()
    // Other keys stay reachable, as unknown.
    expectTypeOf(thrown.details['plugin']).toBeUnknown()
  }
  if (isCapstanError(thrown, 'CONFIG_ERROR')) expectTypeOf(thrown.details.issues).toEqualTypeOf<FieldIssue[]>()
  if (isCapstanError(thrown, 'NO_PROVIDER')) expectTypeOf(thrown.details.providers).toEqualTypeOf<string[] | undefined>()
  if (isCapstanError(thrown, 'UNKNOWN_CAPABILITY')) expectTypeOf(thrown.details.suggestion).toEqualTypeOf<string | undefined>()
  if (isCapstanError(thrown, 'TIMEOUT')) expectTypeOf(thrown.details.timeoutMs).toEqualTypeOf<number | undefined>()
})

test('codes without a known shape, and no code at all, keep the generic record', () => {
  if (isCapstanError(thrown, 'PLUGIN_ERROR')) expectTypeOf(thrown.details).toEqualTypeOf<Record<string, unknown>>()
  if (isCapstanError(thrown)) {
    expectTypeOf(thrown).toEqualTypeOf<CapstanError>()
    expectTypeOf(thrown.details).toEqualTypeOf<Record<string, unknown>>()
    // @ts-expect-error: without a code, issues is not known to exist
    void thrown.details.issues.length
  }
})

test('the code must be one of the catalog', () => {
  // @ts-expect-error: not a code
  void isCapstanError(thrown, 'VALIDATON_ERROR')
})
