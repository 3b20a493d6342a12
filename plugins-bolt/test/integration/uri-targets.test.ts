// Issue 16 part 3 with Bolt: the Bolt plugin declares no transport, so the host gives it a
// uri target only when the caller names it; Bolt then gets the uri as its target name,
// which Bolt reads as an ad-hoc target (`bolt command run -t ssh://root@host:22`).
import { describe, expect, it } from 'vitest'
import { boltCapstan, newLogFile, rejection, runsOf, targetsOf } from './support.js'

describe('uri targets through the Bolt plugin', () => {
  it('passes a uri to bolt as its --targets when the caller names the plugin', async () => {
    const log = newLogFile()
    await using capstan = await boltCapstan(log)
    const run = await capstan.invoke('command.execute', { targets: ['SSH://root@192.0.2.10:22', 'winrm://Win01:5986'], command: 'uname -a' }, { plugin: 'bolt' })
    const result = await run.result
    expect(result.plugins).toEqual(['bolt'])
    expect(result.nodes.map((n) => n.node).sort()).toEqual(['ssh://root@192.0.2.10:22', 'winrm://win01:5986'])
    const runs = runsOf(log, 'command run')
    expect(runs).toHaveLength(1)
    expect(targetsOf(runs[0]?.argv ?? []).sort()).toEqual(['ssh://root@192.0.2.10:22', 'winrm://win01:5986'])
  })

  it('does not give it a uri when no plugin is named: it declares no transport, so NO_PROVIDER, and bolt never runs', async () => {
    const log = newLogFile()
    await using capstan = await boltCapstan(log)
    const error = await rejection(capstan.command.run({ targets: 'ssh://root@192.0.2.10:22', command: 'true' }), 'NO_PROVIDER')
    expect(error.details).toMatchObject({ field: 'targets', transport: 'ssh' })
    expect(runsOf(log, 'command run')).toEqual([])
  })
})
