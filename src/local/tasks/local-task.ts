import type { TaskMetadata } from './task-metadata.js'

/** A task found in a tasks directory, ready to run. */
export interface LocalTask {
  /** As the caller named it: `name`, `module` or `module::task`. */
  name: string
  /** Absolute path of the file to run. */
  executable: string
  /** Its metadata; `{}` when the task has no metadata file. */
  metadata: TaskMetadata
  /** The metadata file, when there is one. */
  metadataFile?: string
  /** The tasks directory, absolute: the task's `_installdir`. */
  installDir: string
}
