import type { CallInput, CapabilityId, ResultOf } from '../../capabilities/catalog.js'
import type { Execution } from '../../execution/execution.js'
import type { ExecuteOptions } from '../../registry/execute-options.js'
import type { InvokeOptions } from '../../registry/invoke-options.js'

/** `capstan.packages`: packages on nodes: changes run as executions, reads are queries. Each method is one capability; its input and result types come from the catalog. */
export interface PackagesFacade {
  /**
   * Install packages on the target nodes (`package.install`). Returns the running {@link Execution} at once; its `result` resolves with every node's result.
   *
   * @param input - `{ targets, packages, timeoutMs? }`.
   * @param options - Invoke options: `signal`, `timeoutMs`, `plugin`, `principal`, `priority`, `rollout` (waves).
   */
  install(input: CallInput<'package.install'>, options?: ExecuteOptions): Execution
  /**
   * Remove packages from the target nodes (`package.uninstall`). Returns the running {@link Execution} at once; its `result` resolves with every node's result.
   *
   * @param input - `{ targets, packages, timeoutMs? }`.
   * @param options - Invoke options: `signal`, `timeoutMs`, `plugin`, `principal`, `priority`, `rollout` (waves).
   */
  uninstall(input: CallInput<'package.uninstall'>, options?: ExecuteOptions): Execution
  /**
   * Update packages on the target nodes (all of them when none are named) (`package.update`). Returns the running {@link Execution} at once; its `result` resolves with every node's result.
   *
   * @param input - `{ targets, packages?, timeoutMs? }`.
   * @param options - Invoke options: `signal`, `timeoutMs`, `plugin`, `principal`, `priority`, `rollout` (waves).
   */
  update(input: CallInput<'package.update'>, options?: ExecuteOptions): Execution
  /**
   * List the packages installed on the target nodes (`package.list`).
   *
   * @param input - `{ targets, filter? }`.
   * @param options - Invoke options: `signal`, `timeoutMs`, `plugin`, `principal`.
   */
  list(input: CallInput<'package.list'>, options?: InvokeOptions): Promise<ResultOf<'package.list'>>
  /**
   * Search the package repositories of the target nodes (`package.search`).
   *
   * @param input - `{ targets, query, limit? }`.
   * @param options - Invoke options: `signal`, `timeoutMs`, `plugin`, `principal`.
   */
  search(input: CallInput<'package.search'>, options?: InvokeOptions): Promise<ResultOf<'package.search'>>
}

/** Method name → the capability it invokes; the facade is generated from it. */
export const packagesFacadeIds = { install: 'package.install', uninstall: 'package.uninstall', update: 'package.update', list: 'package.list', search: 'package.search' } as const satisfies Record<keyof PackagesFacade, CapabilityId>
