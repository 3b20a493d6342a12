import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { scratchDir } from '@capstan/test-support/scratch-dir'
import { anchorIncludePath, expandIncludePaths } from '../../../src/inventory/ssh-config/include-paths.js'

describe('anchorIncludePath', () => {
  it.each([
    ['conf.d/*', 'user', '/home/ops/.ssh/conf.d/*'],
    ['conf.d/*', 'system', '/etc/ssh/conf.d/*'],
    ['~/cfg/*', 'user', '/home/ops/cfg/*'],
    ['~', 'user', '/home/ops'],
    ['/opt/ssh/*.conf', 'system', '/opt/ssh/*.conf'],
  ] as const)('anchors %s in a %s file at %s, as OpenSSH does (not next to the including file)', (written, scope, expected) => {
    expect(anchorIncludePath(written, scope, '/home/ops')).toBe(expected)
  })

  it('does not follow another user’s ~name', () => {
    expect(anchorIncludePath('~alice/cfg', 'user', '/home/ops')).toBeUndefined()
  })
})

describe('expandIncludePaths', () => {
  function tree(): string {
    const dir = scratchDir('include-paths-')
    for (const file of ['b.conf', 'a.conf', '.hidden.conf', 'c.txt', 'sub/x.conf', 'sub2/x.conf', 'sub2/y.conf', 'star*.conf']) {
      mkdirSync(join(dir, file, '..'), { recursive: true })
      writeFileSync(join(dir, file), '')
    }
    return dir
  }

  it('expands * sorted, without the hidden files a leading dot hides', async () => {
    const dir = tree()
    expect(await expandIncludePaths(`${dir}/*.conf`)).toEqual([`${dir}/a.conf`, `${dir}/b.conf`, `${dir}/star*.conf`])
    expect(await expandIncludePaths(`${dir}/.*.conf`)).toEqual([`${dir}/.hidden.conf`])
  })

  it('expands ?, [...] and wildcards in directories, sorting the whole list', async () => {
    const dir = tree()
    expect(await expandIncludePaths(`${dir}/[ab].con?`)).toEqual([`${dir}/a.conf`, `${dir}/b.conf`])
    expect(await expandIncludePaths(`${dir}/[!a].conf`)).toEqual([`${dir}/b.conf`])
    expect(await expandIncludePaths(`${dir}/sub*/*.conf`)).toEqual([`${dir}/sub/x.conf`, `${dir}/sub2/x.conf`, `${dir}/sub2/y.conf`])
  })

  it('reads a backslash as escaping the next character', async () => {
    const dir = tree()
    expect(await expandIncludePaths(`${dir}/star\\*.conf`)).toEqual([`${dir}/star*.conf`])
  })

  it('gives nothing for a wildcard under a missing directory, and a plain path as written', async () => {
    const dir = tree()
    expect(await expandIncludePaths(`${dir}/missing/*`)).toEqual([])
    expect(await expandIncludePaths(`${dir}/missing.conf`)).toEqual([`${dir}/missing.conf`])
  })
})
