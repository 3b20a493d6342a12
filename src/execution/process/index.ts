export { runProcess } from './run-process.js'
export { collectProcess, type CollectedProcess } from './collect-process.js'
export { killProcessGroup } from './kill-process-group.js'
export { terminateProcessGroup } from './terminate-process-group.js'
export { OutputQueue } from './output-queue.js'
export {
  DEFAULT_GRACE_MS,
  DEFAULT_MAX_BUFFERED_BYTES,
  type RunProcessOptions,
} from './run-process-options.js'
export type { ProcessEvent, ProcessSpawnEvent, ProcessOutputEvent, ProcessExitEvent } from './process-event.js'
