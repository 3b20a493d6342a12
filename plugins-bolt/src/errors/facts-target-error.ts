import type { CapstanError } from 'capstan'
import type { FactsTargetError } from '../facts/map-facts-items.js'
import { boltKindError } from './bolt-kind-error.js'

/**
 * The error `info.facts` gives for a target whose facts Bolt could not
 * gather: UNAVAILABLE when Bolt could not connect (a retry may fix it), else
 * PLUGIN_ERROR; `details` has `node`, `plugin` and Bolt's kind as `reason`.
 */
export function factsTargetError(error: FactsTargetError, plugin: string): CapstanError {
  return boltKindError(error.code === 'UNAVAILABLE' ? 'UNAVAILABLE' : 'PLUGIN_ERROR', error.kind, `Bolt could not gather facts of ${error.target}: ${error.message}`, {
    node: error.target,
    plugin,
  })
}
