import { createHook, type AsyncHook } from 'node:async_hooks'
import { isKitTimer } from './settle-within.js'

/**
 * The async resources that keep a process alive, by async_hooks type, named
 * as `process.getActiveResourcesInfo()` names them. Requests and promises
 * are left out: they end by themselves. So are file handles, whose async
 * resource lives until garbage collection, closed or not.
 */
const HANDLE_NAMES: Readonly<Record<string, string>> = {
  Timeout: 'Timeout',
  TCPWRAP: 'TCPSocketWrap',
  TCPSERVERWRAP: 'TCPServerWrap',
  PIPEWRAP: 'PipeWrap',
  PIPESERVERWRAP: 'PipeServerWrap',
  PROCESSWRAP: 'ProcessWrap',
  UDPWRAP: 'UDPWrap',
  TTYWRAP: 'TTYWrap',
  SIGNALWRAP: 'SignalWrap',
  FSEVENTWRAP: 'FSEventWrap',
  STATWATCHER: 'StatWatcher',
  WORKER: 'Worker',
}

/**
 * Watches the handles (timers, sockets, pipes, child processes, ...) opened
 * while it runs, through async_hooks: those still open at the end are the
 * work's, whatever else opened or closed meanwhile (counting
 * `process.getActiveResourcesInfo()` before and after would let a handle
 * that closes by chance hide one that leaks). For the dispose check, after
 * which nothing the plugin opened may be open. Handles that do not keep the
 * process alive (unref'd) and the kit's own timers do not count.
 */
export class ResourceWatch {
  readonly #open = new Map<number, { name: string; resource: object }>()
  readonly #hook: AsyncHook

  constructor() {
    this.#hook = createHook({
      init: (asyncId, type, _trigger, resource) => {
        const name = HANDLE_NAMES[type]
        if (name !== undefined) this.#open.set(asyncId, { name, resource })
      },
      destroy: (asyncId) => {
        this.#open.delete(asyncId)
      },
    }).enable()
  }

  /** The handles opened since the watch started and still open, counted by name, e.g. `['TCPSocketWrap', 1]`. */
  open(): Array<[name: string, count: number]> {
    const counts = new Map<string, number>()
    for (const { name, resource } of this.#open.values()) {
      if (!isKitTimer(resource) && keepsAlive(resource)) counts.set(name, (counts.get(name) ?? 0) + 1)
    }
    return [...counts]
  }

  /** Stops watching. */
  stop(): void {
    this.#hook.disable()
  }
}

function keepsAlive(resource: object): boolean {
  const hasRef = (resource as { hasRef?: unknown }).hasRef
  return typeof hasRef !== 'function' || (hasRef as () => boolean).call(resource)
}
