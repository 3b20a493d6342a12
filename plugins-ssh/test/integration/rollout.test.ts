// Rolling executions (issue 16, part 2) with the real SSH plugin against the test sshd: waves
// run one after another, and a node that cannot be reached stops the waves after it.
import { join } from 'node:path'
import { createCapstan, type Capstan, type ExecutionEvent } from 'capstan'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { infraEnv } from '@capstan/test-support/infra-env'
import { needs } from '@capstan/test-support/requirement'
import { sshPlugin } from '../../src/index.js'
import { sshdRunning } from '../support/requirements.js'

const env = infraEnv()

needs(sshdRunning).describe('command.execute over SSH in waves', () => {
  let capstan: Capstan
  const host = env.SSH_HOST ?? '127.0.0.1'
  const user = env.SSH_USER ?? 'capstan'

  beforeAll(async () => {
    const plugin = sshPlugin({
      hosts: [
        { name: 's1', host, port: Number(env.SSH_PORT ?? 2222), user },
        // Nothing listens on port 1 of the loopback: the connection is refused at once.
        { name: 'closed', host: '127.0.0.1', port: 1, user },
        { name: 's2', host, port: Number(env.SSH_OTHER_PORT ?? 2223), user },
        { name: 's3', host, port: Number(env.SSH_PORT ?? 2222), user },
        { name: 's4', host, port: Number(env.SSH_OTHER_PORT ?? 2223), user },
      ],
      privateKeyPath: env.SSH_KEY as string,
      knownHosts: join(env.SSH_INFRA ?? '', 'known_hosts'),
      connectTimeoutMs: 5_000,
    })
    capstan = await createCapstan({ plugins: [plugin] })
  })

  afterAll(async () => {
    await capstan?.close()
  })

  it('runs one wave after the other, each node over SSH', async () => {
    const run = capstan.command.execute({ targets: ['s1', 's2', 's3', 's4'], command: 'echo "on $(hostname)"' }, { rollout: { batch: 1, maxFailures: 0 } })
    const events: ExecutionEvent[] = []
    for await (const event of run) events.push(event)
    const result = await run.result
    expect(result.status).toBe('success')
    expect(result.nodes.every((n) => n.stdout.startsWith('on '))).toBe(true)
    expect(result.rollout).toEqual({ batch: 1, waves: 4, startedWaves: 4, completedWaves: 4, failed: 0, maxFailures: 0 })
    // Every node of a wave starts after the previous wave finished.
    const waves = events.filter((e) => e.type === 'wave:started')
    expect(waves.map((e) => e.nodes)).toEqual([['s1'], ['s2'], ['s3'], ['s4']])
    for (let wave = 2; wave <= 4; wave++) {
      const previousEnd = events.findIndex((e) => e.type === 'wave:finished' && e.wave === wave - 1)
      const node = (waves[wave - 1] as { nodes: string[] }).nodes[0]
      expect(events.findIndex((e) => e.type === 'node:started' && e.node === node)).toBeGreaterThan(previousEnd)
    }
  })

  it('leaves the later waves skipped once an unreachable node passes maxFailures', async () => {
    const result = await capstan.command.run({ targets: ['s1', 'closed', 's2', 's3', 's4'], command: 'true' }, { rollout: { batch: 2, maxFailures: 0 } })
    // Targets resolve in id order: wave 1 is closed and s1.
    expect(result.nodes.map((n) => `${n.node}:${n.status}`)).toEqual(['closed:error', 's1:success', 's2:skipped', 's3:skipped', 's4:skipped'])
    expect(result.rollout).toMatchObject({ waves: 3, startedWaves: 1, failed: 1, stoppedBy: 'maxFailures' })
    expect(result.status).toBe('partial')
  })
})
