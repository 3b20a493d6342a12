import type { CallInput, CapabilityId, ResultOf } from '../../capabilities/catalog.js'
import type { InvokeOptions } from '../../registry/invoke-options.js'

/** `capstan.deployments`: deployments of applications. Each method is one capability; its input and result types come from the catalog. */
export interface DeploymentsFacade {
  /**
   * Deploy a version of an application to an environment (`deploy.execute`). Resolves with what the plugin reports.
   *
   * @param input - `{ application, version, environment, targets?, params? }`.
   * @param options - Invoke options: `signal`, `timeoutMs`, `plugin`, `principal`.
   */
  execute(input: CallInput<'deploy.execute'>, options?: InvokeOptions): Promise<ResultOf<'deploy.execute'>>
  /**
   * Get the current state of a deployment (`deploy.status`).
   *
   * @param input - `{ id }`.
   * @param options - Invoke options: `signal`, `timeoutMs`, `plugin`, `principal`.
   */
  status(input: CallInput<'deploy.status'>, options?: InvokeOptions): Promise<ResultOf<'deploy.status'>>
  /**
   * Roll a deployment back to the version before it, or to a given one (`deploy.rollback`). Resolves with what the plugin reports.
   *
   * @param input - `{ id, toVersion? }`.
   * @param options - Invoke options: `signal`, `timeoutMs`, `plugin`, `principal`.
   */
  rollback(input: CallInput<'deploy.rollback'>, options?: InvokeOptions): Promise<ResultOf<'deploy.rollback'>>
  /**
   * List past deployments from every deployment plugin (`deploy.history`).
   *
   * @param input - `{ application?, environment?, limit? }`; may be left out.
   * @param options - Invoke options: `signal`, `timeoutMs`, `plugin`, `principal`.
   */
  history(input?: CallInput<'deploy.history'>, options?: InvokeOptions): Promise<ResultOf<'deploy.history'>>
}

/** Method name → the capability it invokes; the facade is generated from it. */
export const deploymentsFacadeIds = { execute: 'deploy.execute', status: 'deploy.status', rollback: 'deploy.rollback', history: 'deploy.history' } as const satisfies Record<keyof DeploymentsFacade, CapabilityId>
