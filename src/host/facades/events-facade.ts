import type { CallInput, CapabilityId, ResultOf } from '../../capabilities/catalog.js'
import type { InvokeOptions } from '../../registry/invoke-options.js'

/** `capstan.events`: resource events from Puppet runs; `stream` follows new ones as they arrive. Each method is one capability; its input and result types come from the catalog. */
export interface EventsFacade {
  /**
   * List the latest resource events, of every node or of one (`events.list`).
   *
   * @param input - `{ node?, limit?, offset? }`; may be left out.
   * @param options - Invoke options: `signal`, `timeoutMs`, `plugin`, `principal`.
   */
  list(input?: CallInput<'events.list'>, options?: InvokeOptions): Promise<ResultOf<'events.list'>>
  /**
   * Find resource events by node, status, resource, report and time (`events.query`).
   *
   * @param input - `{ node?, status?, resourceType?, resourceTitle?, report?, since?, until?, limit?, offset? }`; may be left out.
   * @param options - Invoke options: `signal`, `timeoutMs`, `plugin`, `principal`.
   */
  query(input?: CallInput<'events.query'>, options?: InvokeOptions): Promise<ResultOf<'events.query'>>
  /**
   * Follow resource events as they happen, until the caller stops (`events.stream`). Validation and permission errors come from the first `next()`; aborting `options.signal` or leaving the loop ends it quietly.
   *
   * @param input - `{ node?, status?, resourceType?, pollIntervalMs?, since? }`; may be left out.
   * @param options - Invoke options: `signal`, `timeoutMs`, `plugin`, `principal`.
   */
  stream(input?: CallInput<'events.stream'>, options?: InvokeOptions): AsyncIterable<ResultOf<'events.stream'>>
}

/** Method name → the capability it invokes; the facade is generated from it. */
export const eventsFacadeIds = { list: 'events.list', query: 'events.query', stream: 'events.stream' } as const satisfies Record<keyof EventsFacade, CapabilityId>
