import { CapstanError } from 'capstan'

/** The CapstanError `fn` throws synchronously; fails the test when it throws nothing or something else. */
export function thrownBy(fn: () => unknown): CapstanError {
  try {
    fn()
  } catch (error) {
    if (error instanceof CapstanError) return error
    throw error
  }
  throw new Error('expected a CapstanError')
}
