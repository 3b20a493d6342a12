export * from './recording-logger.js'
export * from './test-plugin.js'
export * from './create-test-capstan.js'
