import type { OutputStreamName } from './event-body.js'

/**
 * One string per node and output stream, for maps. The stream name comes
 * first and has a fixed set of values, so no node id can make two pairs
 * collide.
 */
export function outputKey(node: string, stream: OutputStreamName): string {
  return `${stream}:${node}`
}
