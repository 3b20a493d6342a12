export type { Logger } from '../capabilities/provider-context.js'
export * from './silent-logger.js'
