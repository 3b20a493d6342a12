/**
 * The catalog of every error code Capstan raises. Each code has a default
 * message, whether a retry can help, the HTTP status that stands for it in a
 * response (see {@link httpStatusOf}; CANCELLED is nginx's 499, the client
 * having gone), and the advice printed in docs/errors.md.
 * `listsIssues` codes always carry `details.issues` (see
 * {@link CapstanErrorDetails}). Add a code here first; nothing else in the
 * codebase invents codes.
 */
export const errorCatalog = {
  VALIDATION_ERROR: {
    message: 'Input is not valid',
    retryable: false,
    httpStatus: 400,
    listsIssues: true,
    advice: 'Fix the field named in `details.issues` (each has a path and a message) and call again.',
  },
  PERMISSION_DENIED: {
    message: 'Permission denied',
    retryable: false,
    httpStatus: 403,
    advice: "Grant the principal a role whose policy allows the capability, or call with another principal.",
  },
  UNKNOWN_CAPABILITY: {
    message: 'Unknown capability',
    retryable: false,
    httpStatus: 404,
    advice: 'Check the capability id against `capstan.capabilities()`; ids look like `inventory.list`.',
  },
  NO_PROVIDER: {
    message: 'No plugin provides this capability',
    retryable: false,
    httpStatus: 501,
    advice: 'No wired plugin declares the capability: wire one that does (`capstan.capabilities()` lists the providers). A plugin that declares it but failed to start gives PLUGIN_UNAVAILABLE instead.',
  },
  PLUGIN_UNAVAILABLE: {
    message: 'Plugin is not available',
    retryable: false,
    httpStatus: 503,
    advice:
      'The plugin named in `details.plugin` declares the capability but failed to start; `cause` is its start error and `details.hint` says what to do: fix the option it names, or start the backend (a transient failure is retried in the background, and then `retryable` is true). `capstan.restartPlugin(name)` tries again at once.',
  },
  NOT_FOUND: {
    message: 'Not found',
    retryable: false,
    httpStatus: 404,
    advice: 'The node, group or record does not exist in any source; list what exists and check the spelling.',
  },
  TIMEOUT: {
    message: 'Timed out',
    retryable: true,
    httpStatus: 504,
    advice: 'The backend did not answer in time: raise the timeout or check the backend with `capstan.health()`.',
  },
  CANCELLED: {
    message: 'Cancelled',
    retryable: false,
    httpStatus: 499,
    advice: 'The caller aborted the work (AbortSignal or cancel()); nothing to fix unless that was unexpected.',
  },
  UNAVAILABLE: {
    message: 'Backend unavailable',
    retryable: true,
    httpStatus: 503,
    advice: 'The backend refused or dropped the connection, or its circuit breaker is open; it is retried automatically where safe. Check the backend.',
  },
  QUEUE_FULL: {
    message: 'Execution queue is full',
    retryable: true,
    httpStatus: 503,
    advice: 'Too much work is queued: wait for running executions to finish or raise the queue bound.',
  },
  PLUGIN_ERROR: {
    message: 'Plugin failed',
    retryable: false,
    httpStatus: 502,
    advice: 'A plugin threw something unexpected; `cause` holds the original error. Report it to the plugin author.',
  },
  CONFIG_ERROR: {
    message: 'Configuration is not valid',
    retryable: false,
    httpStatus: 500,
    listsIssues: true,
    advice: 'Fix the option or file named in `details` (plugin options, plugin.json, inventory file) and start again.',
  },
} as const satisfies Record<string, { message: string; retryable: boolean; httpStatus: number; advice: string; listsIssues?: true }>

/** Every code a {@link CapstanError} can carry. */
export type ErrorCode = keyof typeof errorCatalog

/** The list of codes, in catalog order. */
export const errorCodes = Object.keys(errorCatalog) as ErrorCode[]
