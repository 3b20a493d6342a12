import type { CallInput, CapabilityId, DescriptorOf, ResultOf } from '../capabilities/catalog.js'
import type { Execution } from '../execution/execution.js'
import type { ExecuteOptions } from '../registry/execute-options.js'
import type { InvokeOptions } from '../registry/invoke-options.js'

/** True when the capability runs on the execution engine. */
export type IsExecution<Id extends CapabilityId> = DescriptorOf<Id>['routing'] extends { readonly execution: true } ? true : false

/**
 * What `invoke` resolves with: an {@link Execution} for capabilities on the
 * execution engine, an async iterable for stream capabilities, otherwise the result.
 */
export type InvokeResult<Id extends CapabilityId> =
  IsExecution<Id> extends true ? Execution : DescriptorOf<Id>['kind'] extends 'stream' ? AsyncIterable<ResultOf<Id>> : ResultOf<Id>

/** The options a capability takes: an execution's {@link ExecuteOptions} (with `rollout`), otherwise the invoke options. */
export type OptionsOf<Id extends CapabilityId> = IsExecution<Id> extends true ? ExecuteOptions : InvokeOptions

/**
 * The arguments of a capability after its id: the input, which may be left
 * out only when every field of it is optional, then the invoke options
 * (an execution's take `rollout` too).
 */
export type InvokeArgs<Id extends CapabilityId> = {} extends CallInput<Id> ? [input?: CallInput<Id>, options?: OptionsOf<Id>] : [input: CallInput<Id>, options?: OptionsOf<Id>]

/** What a facade method returns: an Execution at once, an async iterable for streams, otherwise a promise of the result. */
export type FacadeResult<Id extends CapabilityId> =
  IsExecution<Id> extends true ? Execution : DescriptorOf<Id>['kind'] extends 'stream' ? AsyncIterable<ResultOf<Id>> : Promise<ResultOf<Id>>

/** A facade method: `(input, options)`, typed by the capability id. */
export type FacadeMethod<Id extends CapabilityId> = (...args: InvokeArgs<Id>) => FacadeResult<Id>

/** A facade over several capability ids: method name → capability id. */
export type Facade<M extends Record<string, CapabilityId>> = { readonly [K in keyof M]: FacadeMethod<M[K]> }
