import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { CapstanError, localPlugin, type HostEvents } from 'capstan'
import { createTestCapstan } from 'capstan/testing'
import { describe, expect, it } from 'vitest'
import { rejection } from '@capstan/test-support/async'
import { scratchDir } from '@capstan/test-support/scratch-dir'

// The real local plugin with an inventory it cannot read: a permanent start failure.

const BAD_YAML = ['groups:', '  - name: web', '    targets:', '      - web01: [', ''].join('\n')

describe('local plugin whose inventory file is broken at start', () => {
  it('bad YAML: not retried, and every call says the YAML error (line included)', async () => {
    const dir = scratchDir('capstan-local-start-')
    const file = join(dir, 'inventory.yaml')
    writeFileSync(file, BAD_YAML)
    const retries: Array<Parameters<HostEvents['plugin:retry']>[0]> = []
    await using capstan = await createTestCapstan({ plugins: [localPlugin({ inventoryFile: file })], startRetry: { minDelayMs: 1, maxDelayMs: 1 } })
    capstan.on('plugin:retry', (e) => retries.push(e))
    const info = capstan.plugins()[0]
    expect(info).toMatchObject({ name: 'local', state: 'failed', startFailure: 'permanent', error: { code: 'CONFIG_ERROR' } })
    expect(info?.error?.message).toMatch(/YAML syntax error at line \d+/)
    expect(info?.nextStartAttempt).toBeUndefined()
    for (const call of [() => capstan.inventory.list(), () => capstan.inventory.groups(), () => capstan.facts.get('localhost')]) {
      const error = await rejection(call(), 'PLUGIN_UNAVAILABLE')
      expect(error.message).toContain(`Invalid inventory file ${file}: YAML syntax error at line`)
      expect(error.cause).toBeInstanceOf(CapstanError)
      expect((error.cause as CapstanError).details).toMatchObject({ file, line: expect.any(Number) })
      expect(error.retryable).toBe(false)
    }
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(retries).toEqual([])
    expect(capstan.plugins()[0]?.startAttempts).toBe(1)
  })

  it('a missing file: PLUGIN_UNAVAILABLE naming the file and the option; fixed, restartPlugin starts it', async () => {
    const dir = scratchDir('capstan-local-start-')
    const file = join(dir, 'inventory.yaml')
    await using capstan = await createTestCapstan({ plugins: [localPlugin({ inventoryFile: file })] })
    const error = await rejection(capstan.inventory.list(), 'PLUGIN_UNAVAILABLE')
    expect(error.message).toContain(`Cannot read the inventory file ${file}: ENOENT`)
    expect(error.details.hint).toBe(`Fix the plugin's option or file "inventoryFile", then call capstan.restartPlugin('local').`)
    expect(capstan.plugins()[0]?.startFailure).toBe('permanent')

    writeFileSync(file, ['targets:', '  - uri: web01.example.com', ''].join('\n'))
    expect((await capstan.restartPlugin('local')).state).toBe('ready')
    const { nodes, partial } = await capstan.inventory.list()
    expect(partial).toBe(false)
    expect(nodes.map((n) => n.id)).toContain('web01.example.com')
  })
})
