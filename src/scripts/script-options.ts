/**
 * Which files `script.execute` (and any capability whose descriptor lists
 * `localFiles`) may read on the machine running Capstan and send to nodes.
 * See docs/execution.md, "Script sources".
 *
 * @example
 * ```ts
 * import { createCapstan, localPlugin } from 'capstan'
 *
 * const capstan = await createCapstan({ plugins: [localPlugin()], scripts: { roots: ['/srv/capstan/scripts'] } })
 * await capstan.script.run({ targets: 'localhost', script: 'check-disk.sh' }) // /srv/capstan/scripts/check-disk.sh
 * await capstan.close()
 * ```
 */
export interface ScriptOptions {
  /**
   * The directories scripts must be inside: absolute paths of existing
   * directories, checked by `createCapstan` (CONFIG_ERROR naming
   * `scripts.roots[i]`). A script whose real path (every symbolic link
   * resolved) is inside none of them is refused with VALIDATION_ERROR naming
   * `script`, the same error whether the file exists or not; an empty list
   * refuses every script.
   *
   * Without `roots`, a script may be any regular file this process can read:
   * right for callers trusted as much as the process itself (your own code,
   * the CLI), never for callers behind an API.
   */
  roots?: string[] | undefined
  /**
   * The absolute directory a relative script path is resolved against.
   * Default: the first root; without roots, the process's working directory.
   */
  baseDir?: string | undefined
  /** The largest script, in bytes (default 10 MiB): a larger file is refused before any plugin runs. */
  maxBytes?: number | undefined
}

/** Defaults of {@link ScriptOptions}. */
export const scriptDefaults = {
  /** 10 MiB. */
  maxBytes: 10 * 1024 * 1024,
} as const
