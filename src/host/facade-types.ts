import type { CallInput, CapabilityId, DescriptorOf, ResultOf } from '../capabilities/catalog.js'
import type { InvokeOptions } from '../registry/invoke-options.js'

/** What `invoke` resolves with: the result, or for stream capabilities an async iterable of items. */
export type InvokeResult<Id extends CapabilityId> = DescriptorOf<Id>['kind'] extends 'stream' ? AsyncIterable<ResultOf<Id>> : ResultOf<Id>

/** A facade method: the capability's input and invoke options, typed by its id. */
export type FacadeMethod<Id extends CapabilityId> = DescriptorOf<Id>['kind'] extends 'stream'
  ? (input?: CallInput<Id>, options?: InvokeOptions) => AsyncIterable<ResultOf<Id>>
  : (input?: CallInput<Id>, options?: InvokeOptions) => Promise<ResultOf<Id>>

/** A facade over several capability ids: method name → capability id. */
export type Facade<M extends Record<string, CapabilityId>> = { readonly [K in keyof M]: FacadeMethod<M[K]> }
