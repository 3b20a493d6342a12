export * from './facts-cache.js'
