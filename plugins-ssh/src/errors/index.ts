export type { ConnectFailureReason } from './connect-failure-reason.js'
export type { PoolFailureReason } from './pool-errors.js'
