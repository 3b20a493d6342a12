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
      if (!isCapstanError(error)) return [`${during} threw ${describeThrown(error)}, not a CapstanError`]
      if (!(errorCodes as readonly string[]).includes(error.code)) return [`${during} threw a CapstanError with code "${String(error.code)}", which is not in the error catalog`]
      return []
    })
  }
}
