/** What `run` throws; fails the test when it throws nothing. */
export function catchError(run: () => unknown): unknown {
  try {
    run()
  } catch (error) {
    return error
  }
  throw new Error('expected a throw')
}
