import type { CallInput, CapabilityId, ResultOf } from '../../capabilities/catalog.js'
import type { InvokeOptions } from '../../registry/invoke-options.js'

/** `capstan.reports`: Puppet run reports. Each method is one capability; its input and result types come from the catalog. */
export interface ReportsFacade {
  /**
   * List the latest run reports, of every node or of one (`reports.list`).
   *
   * @param input - `{ node?, limit?, offset? }`; may be left out.
   * @param options - Invoke options: `signal`, `timeoutMs`, `plugin`, `principal`.
   */
  list(input?: CallInput<'reports.list'>, options?: InvokeOptions): Promise<ResultOf<'reports.list'>>
  /**
   * Get one run report with its logs, metrics and resource events (`reports.get`).
   *
   * @param input - `{ hash }`.
   * @param options - Invoke options: `signal`, `timeoutMs`, `plugin`, `principal`.
   */
  get(input: CallInput<'reports.get'>, options?: InvokeOptions): Promise<ResultOf<'reports.get'>>
  /**
   * Find run reports by node, status, noop, environment and time (`reports.query`).
   *
   * @param input - `{ node?, status?, noop?, environment?, since?, until?, limit?, offset?, include? }`; may be left out.
   * @param options - Invoke options: `signal`, `timeoutMs`, `plugin`, `principal`.
   */
  query(input?: CallInput<'reports.query'>, options?: InvokeOptions): Promise<ResultOf<'reports.query'>>
}

/** Method name → the capability it invokes; the facade is generated from it. */
export const reportsFacadeIds = { list: 'reports.list', get: 'reports.get', query: 'reports.query' } as const satisfies Record<keyof ReportsFacade, CapabilityId>
