import type { StoreNames } from '../store-names.js'

/** One step of the store's schema, applied once, in order of `version`. */
export interface Migration {
  /** 1, 2, 3, ...: the schema's version once it is applied. */
  version: number
  /** What it does, recorded with the version. */
  name: string
  /** The statements, run in the migration's transaction. */
  statements(names: StoreNames): string[]
}
