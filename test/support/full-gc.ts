import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

/**
 * A full garbage collection, so heapUsed measures what is retained rather
 * than garbage not yet collected. Exposing gc at run time this way is the
 * documented V8 escape hatch; vitest workers don't start with --expose-gc.
 */
export function fullGc(): () => void {
  setFlagsFromString('--expose-gc')
  return runInNewContext('gc') as () => void
}

/** heapUsed after a full collection, in bytes. */
export function retainedHeap(gc: () => void): number {
  gc()
  return process.memoryUsage().heapUsed
}
