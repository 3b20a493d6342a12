/**
 * `capstan/testing`: a host with recording logger and output validation on
 * ({@link createTestCapstan}), plugins built from a few handlers
 * ({@link testPlugin}), so plugin tests are short, and the conformance kit
 * ({@link assertConformance}) that checks a plugin against the platform's
 * contract in one call.
 *
 * @module capstan/testing
 */
export * from './recording-logger.js'
export * from './test-plugin.js'
export * from './create-test-capstan.js'
export * from './conformance/index.js'
export * from './journal-store-cases.js'
