/** One bad field in a {@link CapstanError} with code VALIDATION_ERROR or CONFIG_ERROR. */
export interface FieldIssue {
  /** Dotted path of the field, `targets[0]`, or `(root)` for the whole input. */
  path: string
  /** What is wrong with it. */
  message: string
}
