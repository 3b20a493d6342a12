import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { SourceNode } from '../../src/capabilities/models/node.js'
import { localhostNode } from '../../src/local/localhost-node.js'

describe('localhostNode', () => {
  it('is the local-transport localhost node, in no group, known by its hostname and FQDN', async () => {
    const node = await localhostNode({ hostname: 'build7', fqdn: 'build7.ci.example.com' })
    expect(SourceNode.parse(node)).toEqual(node)
    expect(node).toEqual({
      id: 'localhost',
      name: 'localhost',
      aliases: ['build7', 'build7.ci.example.com'],
      transport: 'local',
      groups: [],
      config: { transport: 'local' },
    })
  })

  it('resolves the FQDN itself when not given one', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'capstan-localhost-'))
    try {
      await writeFile(path.join(dir, 'hosts'), '10.0.0.7 build7.ci.example.com build7\n')
      const node = await localhostNode({ hostname: 'build7', hostsPath: path.join(dir, 'hosts'), resolvConfPath: path.join(dir, 'none') })
      expect(node.aliases).toEqual(['build7', 'build7.ci.example.com'])
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('lists a qualified hostname with its short form, and never localhost as an alias', async () => {
    expect((await localhostNode({ hostname: 'web01.example.com', fqdn: 'web01.example.com' })).aliases).toEqual(['web01.example.com', 'web01'])
    expect((await localhostNode({ hostname: 'localhost', fqdn: 'localhost' })).aliases).toEqual([])
  })

  it("defaults to this machine's hostname", async () => {
    expect((await localhostNode()).aliases).toContain(os.hostname())
  })
})
