import { errorCodes, isCapstanError } from 'capstan'
import { describeThrown } from './describe-thrown.js'

/** Everything the plugin's handlers threw during a run, per capability, for the error-codes check. */
export class ThrownErrors {
  readonly #byCapability = new Map<string, Array<{ during: string; error: unknown }>>()

  /** Records what a handler of `capability` threw `during` a call (`the sample call`, `after the abort`). */
  add(capability: string, during: string, error: unknown): void {
    this.#byCapability.set(capability, [...(this.#byCapability.get(capability) ?? []), { during, error }])
  }

  /** Each recorded error that is not a CapstanError with a code of the catalog, described. */
  problems(capability: string): string[] {
    return (this.#byCapability.get(capability) ?? []).flatMap(({ during, error }) => {
      if (isCapstanError(error)) return []
      // A CapstanError (of any copy of the core) is one whose code is in the catalog; name an unknown code as such.
      const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined
      if (error instanceof Error && typeof code === 'string' && !(errorCodes as readonly string[]).includes(code)) return [`${during} threw an error with code "${code}", which is not in the error catalog`]
      return [`${during} threw ${describeThrown(error)}, not a CapstanError`]
    })
  }
}
