/**
 * `capstan/testing`: a host with recording logger and output validation on
 * ({@link createTestCapstan}), plugins built from a few handlers
 * ({@link testPlugin}), and the capabilities a plugin's plugin.json must list
 * ({@link servedCapabilities}), so plugin tests are short.
 *
 * @module capstan/testing
 */
export * from './recording-logger.js'
export * from './test-plugin.js'
export * from './create-test-capstan.js'
export * from './served-capabilities.js'
