import type { PluginInfo } from '../../host/plugin-host.js'
import type { Style } from './style.js'

/**
 * One warning line per plugin that failed to start, with its error code and
 * message (made one line), or an empty string when every plugin started.
 *
 * @example
 * ```ts
 * renderStartFailures(capstan.plugins(), style)
 * // warning: plugin local failed to start (CONFIG_ERROR): Invalid inventory file /srv/inventory.yaml: ...
 * ```
 */
export function renderStartFailures(plugins: readonly PluginInfo[], style: Style): string {
  return plugins
    .filter((p) => p.state === 'failed' && p.error !== undefined)
    .map((p) => `${style.yellow(`warning: plugin ${p.name} failed to start (${p.error?.code}): ${oneLine(p.error?.message ?? '')}`)}\n`)
    .join('')
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim()
}
