export * from './cache-key.js'
export * from './ttl-cache.js'
