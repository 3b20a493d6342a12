import type { CallInput, CapabilityId, ResultOf } from '../../capabilities/catalog.js'
import type { InvokeOptions } from '../../registry/invoke-options.js'

/** `capstan.alerts`: alerts from monitoring; `subscribe` follows alerts as they fire and change. Each method is one capability; its input and result types come from the catalog. */
export interface AlertsFacade {
  /**
   * List alerts from every alerting plugin (`alert.list`).
   *
   * @param input - `{ state?, severity?, node?, limit? }`; may be left out.
   * @param options - Invoke options: `signal`, `timeoutMs`, `plugin`, `principal`.
   */
  list(input?: CallInput<'alert.list'>, options?: InvokeOptions): Promise<ResultOf<'alert.list'>>
  /**
   * Get one alert (`alert.get`).
   *
   * @param input - `{ id }`.
   * @param options - Invoke options: `signal`, `timeoutMs`, `plugin`, `principal`.
   */
  get(input: CallInput<'alert.get'>, options?: InvokeOptions): Promise<ResultOf<'alert.get'>>
  /**
   * Acknowledge an alert: someone is on it (`alert.acknowledge`). Resolves with what the plugin reports.
   *
   * @param input - `{ id, comment? }`.
   * @param options - Invoke options: `signal`, `timeoutMs`, `plugin`, `principal`.
   */
  acknowledge(input: CallInput<'alert.acknowledge'>, options?: InvokeOptions): Promise<ResultOf<'alert.acknowledge'>>
  /**
   * Mark an alert resolved (`alert.resolve`). Resolves with what the plugin reports.
   *
   * @param input - `{ id, comment? }`.
   * @param options - Invoke options: `signal`, `timeoutMs`, `plugin`, `principal`.
   */
  resolve(input: CallInput<'alert.resolve'>, options?: InvokeOptions): Promise<ResultOf<'alert.resolve'>>
  /**
   * Follow alerts from every alerting plugin as they fire and change (`alert.subscribe`). Validation and permission errors come from the first `next()`; aborting `options.signal` or leaving the loop ends it quietly.
   *
   * @param input - `{ severity?, node? }`; may be left out.
   * @param options - Invoke options: `signal`, `timeoutMs`, `plugin`, `principal`.
   */
  subscribe(input?: CallInput<'alert.subscribe'>, options?: InvokeOptions): AsyncIterable<ResultOf<'alert.subscribe'>>
}

/** Method name → the capability it invokes; the facade is generated from it. */
export const alertsFacadeIds = { list: 'alert.list', get: 'alert.get', acknowledge: 'alert.acknowledge', resolve: 'alert.resolve', subscribe: 'alert.subscribe' } as const satisfies Record<keyof AlertsFacade, CapabilityId>
