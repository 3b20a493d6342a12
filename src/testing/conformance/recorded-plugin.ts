import type { BasePlugin, CapabilityHandlers } from 'capstan'

/**
 * The plugin as it is, except that every handler call is counted in
 * `calls` before it runs. The host gets this in place of the plugin: it
 * sees the same metadata, lifecycle and handlers.
 */
export function recordedPlugin(plugin: BasePlugin, calls: { count: number }): BasePlugin {
  const counted = (handlers: CapabilityHandlers): CapabilityHandlers =>
    Object.fromEntries(
      Object.entries(handlers).map(([id, handler]) => [
        id,
        typeof handler !== 'function'
          ? handler
          : (...args: unknown[]) => {
              calls.count++
              return (handler as (...args: unknown[]) => unknown)(...args)
            },
      ]),
    )
  return new Proxy(plugin, {
    get(target, property) {
      if (property === 'capabilities') return () => counted(target.capabilities())
      // Bound to the plugin itself: its private fields are not on the proxy.
      const value: unknown = Reflect.get(target, property, target)
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value
    },
  })
}
