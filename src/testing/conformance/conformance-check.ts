/**
 * The checks of the conformance kit, in the order a report lists them:
 * - `manifest`: plugin.json and the code agree (name, and capability ids both ways), and every id the code provides has a descriptor;
 * - `initialize`: the plugin starts against its backend;
 * - `input-validation`: bad input is refused with VALIDATION_ERROR before the handler runs;
 * - `output-schema`: what a handler returns (each item, each node event) parses against its schema;
 * - `error-codes`: everything a handler throws is a CapstanError with a code of the catalog;
 * - `abort`: streams and executions stop on their AbortSignal and leave no process or socket behind;
 * - `health`: `healthCheck()` returns a valid health report;
 * - `dispose`: after `dispose()` the plugin leaves no open handle (socket, timer, child process).
 */
export const conformanceChecks = ['manifest', 'initialize', 'input-validation', 'output-schema', 'error-codes', 'abort', 'health', 'dispose'] as const

/** One check of the conformance kit (see {@link conformanceChecks}). */
export type ConformanceCheck = (typeof conformanceChecks)[number]
