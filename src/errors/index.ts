export { errorCatalog, errorCodes, type ErrorCode } from './codes.js'
export { CapstanError, isCapstanError, toCapstanError, type CapstanErrorOptions, type CapstanErrorOf } from './capstan-error.js'
export type { CapstanErrorDetails, DetailsOf, FieldIssueDetails } from './error-details.js'
export { validationError, formatPath, fieldIssues, type FieldIssue } from './validation-error.js'
export { configError } from './config-error.js'
export { readRetryable } from './read-retryable.js'
export { abortableSleep } from './abortable-sleep.js'
export { retry, type RetryOptions } from './retry.js'
export {
  CircuitBreaker,
  type CircuitBreakerOptions,
  type CircuitBreakerStats,
  type CircuitState,
  type CircuitStateChange,
} from './circuit-breaker.js'
export { closestMatch } from './closest-match.js'
