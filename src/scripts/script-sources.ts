import { constants, type Stats } from 'node:fs'
import { lstat, open, realpath } from 'node:fs/promises'
import { resolve, sep } from 'node:path'
import type { CapabilityDescriptor } from '../capabilities/capability.js'
import { formatBytes } from '../local/format-bytes.js'
import { resolveScriptRoots } from './resolve-script-roots.js'
import { scriptDefaults, type ScriptOptions } from './script-options.js'
import { scriptRefused } from './script-refused.js'

/** Opens without following a final symbolic link, and without waiting on a FIFO (O_NOFOLLOW is 0 where the platform has none). */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0)

/**
 * The files a host lets capabilities read and send to nodes (the script of
 * `script.execute`): before any plugin runs, each input field a descriptor
 * lists in `localFiles` is resolved to its real path, checked, and handed
 * on as that real path, so the plugin reads the file that was checked, not
 * wherever a link the caller named points by then.
 *
 * A path is refused unless its real path is inside a root (when roots are
 * set), names a regular file (not a directory, FIFO or device) of at most
 * `maxBytes`, and opens for reading. With roots, every refusal is one
 * VALIDATION_ERROR with one message, whatever the reason, so it tells a
 * caller nothing about files outside the roots; without roots (a trusted
 * caller) it says what is wrong.
 */
export class ScriptSources {
  /** Real paths of the roots; undefined: any file this process can read. */
  readonly #roots: readonly string[] | undefined
  readonly #baseDir: string | undefined
  readonly #maxBytes: number

  private constructor(roots: readonly string[] | undefined, options: ScriptOptions) {
    this.#roots = roots
    this.#baseDir = options.baseDir ?? options.roots?.[0]
    this.#maxBytes = options.maxBytes ?? scriptDefaults.maxBytes
  }

  /**
   * Script sources as `options` configure them, with every root checked on the file system.
   *
   * @throws CapstanError CONFIG_ERROR naming each `scripts.roots[i]` that is not an existing directory.
   */
  static async create(options: ScriptOptions = {}): Promise<ScriptSources> {
    return new ScriptSources(options.roots === undefined ? undefined : await resolveScriptRoots(options.roots), options)
  }

  /** Script sources without roots and with the default bound: any regular file this process can read, relative paths from the working directory. */
  static unconfined(): ScriptSources {
    return new ScriptSources(undefined, {})
  }

  /** Whether scripts are confined to roots. */
  get confined(): boolean {
    return this.#roots !== undefined
  }

  /**
   * `input` with each of the descriptor's `localFiles` fields replaced by
   * the checked real path; `input` itself when the descriptor has none.
   *
   * @throws CapstanError VALIDATION_ERROR naming the field of a path that is refused.
   */
  async prepare(descriptor: CapabilityDescriptor, input: Record<string, unknown>): Promise<Record<string, unknown>> {
    const fields = descriptor.localFiles ?? []
    if (fields.length === 0) return input
    const prepared = { ...input }
    for (const field of fields) {
      const given = input[field]
      if (typeof given === 'string') prepared[field] = await this.resolve(given, { capability: descriptor.id, field })
    }
    return prepared
  }

  /**
   * The real path of the file `given` names, once it passed every check.
   *
   * @param given - the caller's path: absolute, or relative to `baseDir` (default the first root, else the working directory)
   * @param about - the capability and input field named by a refusal
   * @throws CapstanError VALIDATION_ERROR naming `about.field`
   */
  async resolve(given: string, about: { capability: string; field: string }): Promise<string> {
    const refuse = (problem: string): never => {
      const said = this.#roots === undefined ? problem : `is not a readable regular file of at most ${formatBytes(this.#maxBytes)} inside the script directories this host allows (scripts.roots)`
      throw scriptRefused(about.capability, about.field, given, said)
    }
    const real = await realpath(resolve(this.#baseDir ?? process.cwd(), given)).catch((error: unknown) => refuse(problemOf(error)))
    if (this.#roots !== undefined && !this.#roots.some((root) => isInside(real, root))) return refuse('is outside the script roots')
    // The real path holds no link: lstat sees what is there without following anything, so a
    // FIFO or a device is never opened (one would block, the other may act on being opened).
    refuseUnless(await lstat(real).catch((error: unknown) => refuse(problemOf(error))), this.#maxBytes, refuse)
    // Opening proves it can be read; O_NOFOLLOW and a second look refuse a file swapped meanwhile.
    const handle = await open(real, OPEN_FLAGS).catch((error: unknown) => refuse(problemOf(error)))
    try {
      refuseUnless(await handle.stat(), this.#maxBytes, refuse)
    } finally {
      await handle.close()
    }
    return real
  }
}

/** Refuses anything but a regular file of at most `maxBytes`. */
function refuseUnless(stats: Stats, maxBytes: number, refuse: (problem: string) => never): void {
  if (!stats.isFile()) refuse('is not a regular file')
  if (stats.size > maxBytes) refuse(`is larger than ${formatBytes(maxBytes)} (scripts.maxBytes)`)
}

/** Whether the real path `path` is `root` or below it (`root` is a real path too). */
function isInside(path: string, root: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : `${root}${sep}`)
}

/** What a file-system error says about the caller's path, without the path. */
function problemOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'ENOENT' || code === 'ENOTDIR') return 'does not exist'
  if (code === 'ELOOP') return 'is a symbolic link loop'
  return `cannot be read (${code ?? 'unknown error'})`
}
