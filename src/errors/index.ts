export { errorCatalog, errorCodes, type ErrorCode } from './codes.js'
export { CapstanError, isCapstanError, toCapstanError, type CapstanErrorOptions, type CapstanErrorOf } from './capstan-error.js'
export type { CapstanErrorDetails, DetailsOf, FieldIssueDetails } from './error-details.js'
export type { FieldIssue } from './validation-error.js'
