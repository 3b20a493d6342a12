import type { CallInput, CapabilityId, DescriptorOf, ResultOf } from '../capabilities/catalog.js'
import type { Execution } from '../execution/execution.js'
import type { InvokeOptions } from '../registry/invoke-options.js'

/** True when the capability runs on the execution engine. */
export type IsExecution<Id extends CapabilityId> = DescriptorOf<Id>['routing'] extends { readonly execution: true } ? true : false

/**
 * What `invoke` resolves with: an {@link Execution} for capabilities on the
 * execution engine, an async iterable for stream capabilities, otherwise the result.
 */
export type InvokeResult<Id extends CapabilityId> =
  IsExecution<Id> extends true ? Execution : DescriptorOf<Id>['kind'] extends 'stream' ? AsyncIterable<ResultOf<Id>> : ResultOf<Id>

/** A facade method: the capability's input and invoke options, typed by its id. */
export type FacadeMethod<Id extends CapabilityId> =
  IsExecution<Id> extends true
    ? (input: CallInput<Id>, options?: InvokeOptions) => Execution
    : DescriptorOf<Id>['kind'] extends 'stream'
      ? (input?: CallInput<Id>, options?: InvokeOptions) => AsyncIterable<ResultOf<Id>>
      : (input?: CallInput<Id>, options?: InvokeOptions) => Promise<ResultOf<Id>>

/** A facade over several capability ids: method name → capability id. */
export type Facade<M extends Record<string, CapabilityId>> = { readonly [K in keyof M]: FacadeMethod<M[K]> }
