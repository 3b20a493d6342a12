import { CliUsageError } from '../args/index.js'
import type { CliIo } from '../cli-io.js'
import { bashCompletion, zshCompletion } from '../completion/index.js'
import { ExitCode } from '../exit-codes.js'
import type { GlobalFlags } from '../global-flags.js'
import { renderTable, type Style } from '../render/index.js'
import { staticCommands } from '../static-commands.js'
import { openCapstan } from './open-capstan.js'
import { reportError } from './report-error.js'

/** `capstan plugins | health | capabilities | completion bash|zsh`. */
export async function runBuiltIn(name: 'help' | 'plugins' | 'health' | 'capabilities' | 'completion', args: string[], io: CliIo, globals: GlobalFlags, style: Style): Promise<ExitCode> {
  if (name === 'completion') {
    const shell = args[0]
    if (shell !== 'bash' && shell !== 'zsh') throw new CliUsageError(`capstan completion needs a shell: bash or zsh${shell === undefined ? '' : ` (not "${shell}")`}`)
    const commands = await staticCommands(io, globals)
    io.stdout.write(shell === 'bash' ? bashCompletion(commands) : zshCompletion(commands))
    return ExitCode.ok
  }
  const capstan = await openCapstan(io, globals)
  try {
    const json = globals.json || globals.ndjson
    const out = (value: unknown, human: () => string) => io.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${human()}\n`)
    if (name === 'plugins') {
      const plugins = capstan.plugins()
      out(plugins, () => renderTable(plugins as unknown as Record<string, unknown>[], [
        { key: 'name', header: 'PLUGIN' },
        { key: 'version', header: 'VERSION' },
        { key: 'state', header: 'STATE' },
        { key: 'priority', header: 'PRIORITY' },
        { key: 'capabilities', header: 'CAPABILITIES', format: (v) => String((v as string[]).length) },
      ], style))
      return plugins.every((p) => p.state === 'ready') ? ExitCode.ok : ExitCode.error
    }
    if (name === 'health') {
      const health = await capstan.health({ refresh: true })
      const rows = Object.entries(health.plugins).map(([plugin, status]) => ({ plugin, ...status }))
      out(health, () => `${style.bold(`status: ${health.status}`)}\n${renderTable(rows, [
        { key: 'plugin', header: 'PLUGIN' },
        { key: 'status', header: 'STATUS' },
        { key: 'state', header: 'STATE' },
        { key: 'message', header: 'MESSAGE', format: (v) => String(v ?? '') },
      ], style)}`)
      return health.status === 'healthy' ? ExitCode.ok : ExitCode.error
    }
    const capabilities = capstan.capabilities()
    out(capabilities, () => renderTable(capabilities as unknown as Record<string, unknown>[], [
      { key: 'id', header: 'CAPABILITY' },
      { key: 'kind', header: 'KIND' },
      { key: 'providers', header: 'PROVIDERS', format: (v) => (v as Array<{ plugin: string }>).map((p) => p.plugin).join(', ') || '-' },
    ], style))
    return ExitCode.ok
  } catch (error) {
    return reportError(io, style, error)
  } finally {
    await capstan.close()
  }
}
