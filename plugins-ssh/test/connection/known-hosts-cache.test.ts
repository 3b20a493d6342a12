import { rmSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadKnownHosts } from '../../src/connection/known-hosts-cache.js'
import { scratchDir } from '@capstan/test-support/scratch-dir'

const keyLine = (host: string, body: string): string => `${host} ssh-ed25519 ${Buffer.from(body).toString('base64')}\n`
const tempFile = (): string => join(scratchDir('capstan-kh-'), 'known_hosts')

describe('loadKnownHosts', () => {
  it('parses a file once for 100 parallel loads', async () => {
    const path = tempFile()
    writeFileSync(path, keyLine('a', 'one') + keyLine('b', 'two'))
    const loads = await Promise.all(Array.from({ length: 100 }, () => loadKnownHosts(path)))
    expect(loads[0]).toHaveLength(2)
    // One parse: every caller got the very same array.
    expect(new Set(loads).size).toBe(1)
    expect(await loadKnownHosts(path)).toBe(loads[0])
  })

  it('reads the file again once it changed', async () => {
    const path = tempFile()
    writeFileSync(path, keyLine('a', 'one'))
    const before = await loadKnownHosts(path)
    writeFileSync(path, keyLine('a', 'one') + keyLine('c', 'three'))
    const after = await loadKnownHosts(path)
    expect(after).not.toBe(before)
    expect(after.map((e) => e.patterns[0])).toEqual(['a', 'c'])
  })

  it('notices a change that keeps the size when the modification time moves', async () => {
    const path = tempFile()
    writeFileSync(path, keyLine('a', 'one'))
    const before = await loadKnownHosts(path)
    const { mtime } = statSync(path)
    writeFileSync(path, keyLine('b', 'two'))
    utimesSync(path, mtime, new Date(mtime.getTime() + 5000))
    const after = await loadKnownHosts(path)
    expect(after).not.toBe(before)
    expect(after.map((e) => e.patterns[0])).toEqual(['b'])
  })

  it('knows no host for a missing file, and reads it once it appears', async () => {
    const path = tempFile()
    expect(await loadKnownHosts(path)).toEqual([])
    writeFileSync(path, keyLine('a', 'one'))
    expect(await loadKnownHosts(path)).toHaveLength(1)
    rmSync(path)
    expect(await loadKnownHosts(path)).toEqual([])
  })

  it('fails with CONFIG_ERROR for a path it cannot read', async () => {
    const dir = scratchDir('capstan-kh-')
    await expect(loadKnownHosts(dir)).rejects.toMatchObject({ code: 'CONFIG_ERROR', details: { path: dir } })
  })
})
