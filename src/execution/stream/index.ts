export { ExecutionStream, type StoredOutput } from './execution-stream.js'
export {
  DEFAULT_CONSUMER_LAG_BYTES,
  DEFAULT_MAX_STORED_OUTPUT_BYTES,
  ExecutionStreamOptionsSchema,
  type ExecutionStreamOptions,
} from './execution-stream-options.js'
export type { DistributiveOmit, EventBody, NodeOutputEvent, OutputStreamName } from './event-body.js'
export { utf8Prefix, type Utf8Prefix } from './utf8-prefix.js'
