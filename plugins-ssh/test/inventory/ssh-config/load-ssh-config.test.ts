import { mkdirSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { scratchDir } from '@capstan/test-support/scratch-dir'
import { loadSshConfig, MAX_INCLUDE_DEPTH, readSshConfigNodes, sshConfigNodes, type SshConfigNote } from '../../../src/inventory/index.js'

function write(dir: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true })
    writeFileSync(join(dir, path), text)
  }
}

/** A chain of files, each including the next, `levels` Includes deep; the last names host `last`. */
function chain(dir: string, levels: number): string {
  for (let level = 0; level <= levels; level++) {
    write(dir, { [`chain/${level}`]: level < levels ? `Include ${dir}/chain/${level + 1}\n` : 'Host last\n  Port 2007\n' })
  }
  return join(dir, 'chain', '0')
}

describe('loadSshConfig', () => {
  it('follows Includes as far as OpenSSH does (16 deep) and refuses one more, naming the file and line', async () => {
    const dir = scratchDir('load-ssh-config-')
    const nodes = sshConfigNodes(await loadSshConfig(chain(join(dir, 'ok'), MAX_INCLUDE_DEPTH)))
    expect(nodes).toEqual([expect.objectContaining({ id: 'last', config: expect.objectContaining({ port: 2007 }) })])

    await expect(loadSshConfig(chain(join(dir, 'deep'), MAX_INCLUDE_DEPTH + 1))).rejects.toMatchObject({
      code: 'CONFIG_ERROR',
      message: expect.stringContaining(`line 1: Include of ${dir}/deep/chain/17 nests deeper than 16 files`),
      details: { file: join(dir, 'deep', 'chain', '16'), line: 1, field: 'Include' },
    })
  })

  it('refuses an Include that loops back, naming the chain', async () => {
    const dir = scratchDir('load-ssh-config-')
    write(dir, { a: `Host a\nInclude ${dir}/b\n`, b: `Include ${dir}/a\n` })
    await expect(loadSshConfig(join(dir, 'a'))).rejects.toMatchObject({
      code: 'CONFIG_ERROR',
      message: `Invalid ssh_config ${dir}/b: line 1: Include of ${dir}/a loops back to a file that includes it (${dir}/a -> ${dir}/b -> ${dir}/a)`,
    })
  })

  it('names the included file and line of a mistake in it', async () => {
    const dir = scratchDir('load-ssh-config-')
    write(dir, { config: `Include ${dir}/bad.conf\n`, 'bad.conf': '# x\nHost a\n  Port many\n' })
    await expect(loadSshConfig(join(dir, 'config'))).rejects.toMatchObject({ code: 'CONFIG_ERROR', details: { file: `${dir}/bad.conf`, line: 3, field: 'Port' } })
  })

  it('names the option and file when the file itself cannot be read', async () => {
    await expect(loadSshConfig('/nonexistent/ssh_config', { field: 'sshConfig' })).rejects.toMatchObject({
      code: 'CONFIG_ERROR',
      message: 'Cannot read the ssh_config file /nonexistent/ssh_config: ENOENT',
      details: { file: '/nonexistent/ssh_config', field: 'sshConfig' },
    })
  })

  it('refuses ~ in a system-wide file, as OpenSSH does', async () => {
    const dir = scratchDir('load-ssh-config-')
    write(dir, { ssh_config: 'Include ~/.ssh/extra\n' })
    await expect(loadSshConfig(join(dir, 'ssh_config'), { scope: 'system' })).rejects.toMatchObject({ code: 'CONFIG_ERROR', details: { line: 1, value: '~/.ssh/extra' } })
  })

  it('skips missing files silently and notes a directory named where its files were meant', async () => {
    const dir = scratchDir('load-ssh-config-')
    write(dir, { '.ssh/config': 'Include missing.conf conf.d\nHost a\n', '.ssh/conf.d/x.conf': 'Host x\n' })
    const notes: SshConfigNote[] = []
    const nodes = await readSshConfigNodes(join(dir, '.ssh', 'config'), { homeDir: dir, onNote: (note) => notes.push(note) })
    expect(nodes.map((node) => node.id)).toEqual(['a'])
    expect(notes).toEqual([{ file: join(dir, '.ssh', 'config'), line: 1, directive: 'Include', message: `Include ${dir}/.ssh/conf.d is a directory, not read (name its files: ${dir}/.ssh/conf.d/*)` }])
  })

  it('keeps a block’s state across an Include, whatever the included file’s own Host and Match lines do', async () => {
    const dir = scratchDir('load-ssh-config-')
    write(dir, {
      '.ssh/config': 'Host web1\n  Include inner.conf\n  User after-include\nHost *\n  User fallback\n',
      '.ssh/inner.conf': 'Host other\n  Port 2100\n',
    })
    const [web1, other] = await readSshConfigNodes(join(dir, '.ssh', 'config'), { homeDir: dir })
    expect(web1).toMatchObject({ id: 'web1', config: { user: 'after-include', port: 22 } })
    // `other` is inside web1's block: OpenSSH never applies it to other, so it is not a node.
    expect(other).toBeUndefined()
  })

  it('refuses an included file it cannot read, naming it and why', async () => {
    // A Unix socket cannot be read as a file by anyone, root included (ENXIO); a mode of 0 would stop
    // everyone but root, and CI runs as root.
    const dir = scratchDir('load-ssh-config-')
    write(dir, { config: `Include ${dir}/socket.conf\n` })
    const server = createServer()
    await new Promise<void>((resolve) => server.listen(join(dir, 'socket.conf'), resolve))
    try {
      await expect(loadSshConfig(join(dir, 'config'))).rejects.toMatchObject({ code: 'CONFIG_ERROR', message: expect.stringContaining(`cannot read the included file ${dir}/socket.conf: ENXIO`) })
    } finally {
      await new Promise((resolve) => server.close(resolve))
    }
  })
})
