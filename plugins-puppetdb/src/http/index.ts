export type { PuppetDbRequest, PuppetDbResponse, PuppetDbTransport } from './puppetdb-transport.js'
export {
  PuppetDbHttpOptions,
  PUPPETDB_HTTP_OPTIONS_SUBJECT,
  parsePuppetDbHttpOptions,
  type ResolvedPuppetDbHttpOptions,
  type PuppetDbTlsOptions,
  type ResolvedPuppetDbTlsOptions,
  type ResolvedPuppetDbRetryOptions,
  type ResolvedPuppetDbCircuitBreakerOptions,
} from './puppetdb-http-options.js'
export { PuppetDbHttpClient, type PuppetDbHttpClientHooks } from './puppetdb-http-client.js'
export { parseRetryAfter } from './parse-retry-after.js'
export { loadTlsMaterial, isPem, type TlsMaterial } from './load-tls-material.js'
export { displayUrl } from './display-url.js'
