export * from './metrics-sink.js'
export * from './capability-metrics.js'
