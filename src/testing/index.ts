/**
 * `capstan/testing`: a host with recording logger and output validation on
 * ({@link createTestCapstan}) and plugins built from a few handlers
 * ({@link testPlugin}), so plugin tests are short.
 *
 * @module capstan/testing
 */
export * from './recording-logger.js'
export * from './test-plugin.js'
export * from './create-test-capstan.js'
