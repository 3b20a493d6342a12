import type { CallInput, CapabilityId, ResultOf } from '../../capabilities/catalog.js'
import type { InvokeOptions } from '../../registry/invoke-options.js'

/** `capstan.provisioning`: provisioning and decommissioning of machines and containers. Each method is one capability; its input and result types come from the catalog. */
export interface ProvisioningFacade {
  /**
   * Create a machine or container; the plugin is chosen by the caller (`provision.create`). Resolves with what the plugin reports.
   *
   * @param input - `{ name, kind, spec? }`.
   * @param options - Invoke options: `signal`, `timeoutMs`, `plugin`, `principal`.
   */
  create(input: CallInput<'provision.create'>, options?: InvokeOptions): Promise<ResultOf<'provision.create'>>
  /**
   * Get the current state of a provisioned resource (`provision.status`).
   *
   * @param input - `{ id }`.
   * @param options - Invoke options: `signal`, `timeoutMs`, `plugin`, `principal`.
   */
  status(input: CallInput<'provision.status'>, options?: InvokeOptions): Promise<ResultOf<'provision.status'>>
  /**
   * List the resources every provisioning plugin manages (`provision.list`).
   *
   * @param input - `{  }`; may be left out.
   * @param options - Invoke options: `signal`, `timeoutMs`, `plugin`, `principal`.
   */
  list(input?: CallInput<'provision.list'>, options?: InvokeOptions): Promise<ResultOf<'provision.list'>>
  /**
   * Take down the machines or containers behind the target nodes (`decommission.execute`). Resolves with what the plugin reports.
   *
   * @param input - `{ targets, force? }`.
   * @param options - Invoke options: `signal`, `timeoutMs`, `plugin`, `principal`.
   */
  decommission(input: CallInput<'decommission.execute'>, options?: InvokeOptions): Promise<ResultOf<'decommission.execute'>>
  /**
   * Get the state of a resource being taken down (`decommission.status`).
   *
   * @param input - `{ id }`.
   * @param options - Invoke options: `signal`, `timeoutMs`, `plugin`, `principal`.
   */
  decommissionStatus(input: CallInput<'decommission.status'>, options?: InvokeOptions): Promise<ResultOf<'decommission.status'>>
}

/** Method name → the capability it invokes; the facade is generated from it. */
export const provisioningFacadeIds = { create: 'provision.create', status: 'provision.status', list: 'provision.list', decommission: 'decommission.execute', decommissionStatus: 'decommission.status' } as const satisfies Record<keyof ProvisioningFacade, CapabilityId>
