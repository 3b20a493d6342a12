/**
 * Host keys accepted on first use, for OpenSSH's `accept-new` without
 * writing to known_hosts: the first key a host:port offers is taken and held,
 * and from then on that host must offer the same key for as long as this
 * object lives (the plugin's life). Hosts known_hosts lists are never asked
 * here: their entry decides.
 */
export class HostKeyPins {
  readonly #keys = new Map<string, Buffer>()

  /** True when `blob` is the key held for host:port, or none was held (it is now); false when another key is. */
  accept(host: string, port: number, blob: Buffer): boolean {
    const key = `${host.toLowerCase()}:${port}`
    const held = this.#keys.get(key)
    if (held === undefined) {
      this.#keys.set(key, Buffer.from(blob))
      return true
    }
    return held.equals(blob)
  }

  /** How many hosts have a key held. */
  get size(): number {
    return this.#keys.size
  }
}
