import type { Logger, MetricsSink } from 'capstan'
import type { PuppetDbRequest, PuppetDbResponse, PuppetDbTransport } from './puppetdb-transport.js'

/**
 * Wraps a transport so every request is logged at debug level (method,
 * path, the query it carries; never headers, so never a token) and timed in
 * the plugin's metrics as `puppetdb.request` (ms), labelled with `labels`
 * (the plugin's name, so two PuppetDBs keep apart), the path and the outcome.
 */
export function loggingTransport(inner: PuppetDbTransport, logger: Logger, metrics: MetricsSink, labels: Readonly<Record<string, string>> = {}): PuppetDbTransport {
  return {
    async send(request: PuppetDbRequest): Promise<PuppetDbResponse> {
      const started = performance.now()
      const body = request.body as { query?: unknown } | undefined
      logger.debug({ method: request.method, path: request.path, query: body?.query }, 'puppetdb request')
      let outcome = 'ok'
      try {
        return await inner.send(request)
      } catch (error) {
        outcome = (error as { code?: string }).code ?? 'error'
        throw error
      } finally {
        metrics.observe('puppetdb.request', performance.now() - started, { ...labels, path: request.path, outcome })
      }
    },
  }
}
