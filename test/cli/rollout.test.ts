// The built bin runs a rolling execution: --rollout-batch / --max-failures, a line per wave,
// the skipped nodes in the summary, and the exit code of any failed node.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { scratchDir } from '@capstan/test-support/scratch-dir'
import { runCli } from './built-cli.js'

/** A directory whose configuration gives the local plugin four nodes of the local transport. */
function fourLocalNodes(): string {
  const dir = scratchDir('capstan-cli-rollout-')
  writeFileSync(join(dir, 'inventory.yaml'), 'targets:\n  - local://n1\n  - local://n2\n  - local://n3\n  - local://n4\n')
  writeFileSync(join(dir, 'capstan.config.json'), JSON.stringify({ local: { inventoryFile: 'inventory.yaml', localhost: false } }))
  return dir
}

const targets = 'local://n1,local://n2,local://n3,local://n4'

describe('capstan command execute --rollout-batch (the built bin)', { timeout: 30_000 }, () => {
  it('prints a line as each wave starts and ends, and the waves it did not start once --max-failures is passed', async () => {
    const run = await runCli(['command', 'execute', '--targets', targets, '--command', 'exit 4', '--rollout-batch', '2', '--max-failures', '1', '--no-color'], { cwd: fourLocalNodes() })
    expect(run.code).toBe(1)
    expect(run.stdout).toContain('wave 1/2 · 2 nodes: local://n1, local://n2\n')
    expect(run.stdout).toContain('wave 1/2 done · 0 succeeded, 2 failed\n')
    expect(run.stdout).not.toContain('wave 2/2')
    expect(run.stdout).toMatch(/local:\/\/n3\s+skipped\s+CANCELLED: Not started: 2 nodes failed by wave 1/)
    expect(run.stdout).toContain('4 nodes: 0 succeeded, 2 failed, 2 skipped\n')
    expect(run.stdout).toContain("Rollout stopped after wave 1 of 2: 2 nodes failed, more than --max-failures 1 tolerates; 2 nodes skipped\n")
  })

  it('streams the wave events with --ndjson, and runs every wave when nothing fails', async () => {
    const run = await runCli(['command', 'execute', '--targets', targets, '--command', 'true', '--rollout-batch', '50%', '--ndjson'], { cwd: fourLocalNodes() })
    expect(run.code).toBe(0)
    const events = run.lines.map((line) => JSON.parse(line.text) as { type: string; wave?: number; nodes?: string[]; result?: { rollout?: unknown } })
    expect(events.filter((e) => e.type.startsWith('wave:')).map((e) => `${e.type} ${e.wave}`)).toEqual(['wave:started 1', 'wave:finished 1', 'wave:started 2', 'wave:finished 2'])
    expect(events.find((e) => e.type === 'wave:started' && e.wave === 2)?.nodes).toEqual(['local://n3', 'local://n4'])
    expect(events.at(-1)?.result?.rollout).toEqual({ batch: 2, waves: 2, startedWaves: 2, completedWaves: 2, failed: 0 })
  })

  it('exits 2 naming the flag for a bad value, before anything runs', async () => {
    const run = await runCli(['command', 'execute', '--targets', targets, '--command', 'true', '--rollout-batch', '0'], { cwd: fourLocalNodes() })
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/--rollout-batch \(options\.rollout\.batch\)/)
    expect(run.stdout).toBe('')
  })
})
