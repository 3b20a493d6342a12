import { CapstanError } from 'capstan'
import type { Client } from 'ssh2'
import { targetKey, type SshTarget } from '../connection/index.js'
import { detectPackageManager } from './detect-package-manager.js'
import type { ManagerName } from './manager-name.js'

/**
 * Each host's package manager, detected once per `user@host:port` and kept
 * for the plugin's lifetime; a failed detection is asked again next time.
 */
export class DetectedManagers {
  readonly #detected = new Map<string, Promise<ManagerName | undefined>>()

  /** @throws CapstanError NOT_FOUND when the node has none of the supported managers. */
  async of(node: string, client: Client, target: SshTarget, signal: AbortSignal): Promise<ManagerName> {
    const key = targetKey(target)
    let detected = this.#detected.get(key)
    if (detected === undefined) {
      const asked = detectPackageManager(client, { node, signal })
      this.#detected.set(key, asked)
      asked.catch(() => this.#detected.delete(key))
      detected = asked
    }
    const manager = await detected
    if (manager === undefined) {
      throw new CapstanError('NOT_FOUND', { message: `No supported package manager on ${node} (looked for apt, dnf, yum, zypper, apk, pacman)`, details: { node } })
    }
    return manager
  }
}
