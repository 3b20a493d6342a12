import { readFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { CapstanError } from 'capstan'

/** The keys OpenSSH tries when nothing names one, in its order. */
const DEFAULT_IDENTITIES = ['id_ed25519', 'id_ecdsa', 'id_rsa']

/**
 * Private key files read once and kept (the key text never leaves the
 * process: it is not logged and not put in errors, only its path).
 */
export class PrivateKeys {
  readonly #files = new Map<string, Promise<Buffer>>()

  /** The key at `path`. @throws CapstanError CONFIG_ERROR naming `field` when it cannot be read. */
  read(path: string, field: string): Promise<Buffer> {
    let file = this.#files.get(path)
    if (file === undefined) {
      file = readFile(path).catch((error: unknown) => {
        this.#files.delete(path)
        throw new CapstanError('CONFIG_ERROR', {
          message: `Cannot read the SSH private key ${path} (${field}): ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`,
          details: { field, path },
          cause: error,
        })
      })
      this.#files.set(path, file)
    }
    return file
  }

  /** The first readable file of `paths`, or undefined when none is. */
  async firstReadable(paths: readonly string[], field: string): Promise<Buffer | undefined> {
    for (const path of paths) {
      try {
        return await this.read(path, field)
      } catch {
        // OpenSSH skips an IdentityFile it cannot read and tries the next.
      }
    }
    return undefined
  }

  /** `~/.ssh/id_ed25519`, `id_ecdsa`, `id_rsa`: what OpenSSH tries by default. */
  defaultIdentity(home = homedir()): Promise<Buffer | undefined> {
    return this.firstReadable(DEFAULT_IDENTITIES.map((name) => join(home, '.ssh', name)), 'privateKeyPath')
  }
}
