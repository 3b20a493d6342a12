import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { parseBoltInventory } from '../../src/local/parse-bolt-inventory.js'
import { thrownBy } from '@capstan/test-support/errors'

const FILE = '/srv/project/inventory.yaml'

function parse(yaml: string) {
  return parseBoltInventory(yaml, FILE)
}

function node(yaml: string, id: string) {
  const found = parse(yaml).nodes.find((n) => n.id === id)
  if (!found) throw new Error(`no node ${id}`)
  return found
}


describe('parseBoltInventory: targets', () => {
  it('names a target by name, else by uri, and keeps the uri', () => {
    const { nodes } = parse(`
targets:
  - uri: web01.example.com
  - name: db01
    uri: 10.0.0.20:2222
  - name: named-only
`)
    expect(nodes.map((n) => [n.id, n.name, n.uri])).toEqual([
      ['web01.example.com', 'web01.example.com', 'web01.example.com'],
      ['db01', 'db01', '10.0.0.20:2222'],
      ['named-only', 'named-only', undefined],
    ])
  })

  it('treats an empty file, or one with only comments, as an inventory with no targets', () => {
    expect(parse('')).toEqual({ nodes: [], groups: [{ name: 'all', nodes: [], groups: [] }] })
    expect(parse('# nothing yet\n').nodes).toEqual([])
  })

  it('takes the transport from the uri scheme, else config.transport, else ssh', () => {
    const yaml = `
targets:
  - winrm://win01
  - local://here
  - docker://container1
  - SSH://upper
  - host:2222
  - plain
groups:
  - name: via-config
    config:
      transport: winrm
    targets:
      - box:5985
      - ssh://explicit
`
    const transports = Object.fromEntries(parse(yaml).nodes.map((n) => [n.id, n.transport]))
    expect(transports).toEqual({
      'winrm://win01': 'winrm',
      'local://here': 'local',
      'docker://container1': 'docker',
      'SSH://upper': 'ssh',
      'host:2222': 'ssh',
      plain: 'ssh',
      'box:5985': 'winrm',
      'ssh://explicit': 'ssh',
    })
  })

  it('merges a target listed in several groups into one node in all of them, ancestors included', () => {
    const { nodes, groups } = parse(`
groups:
  - name: production
    groups:
      - name: web
        targets: [web01]
  - name: monitored
    targets: [web01, other]
`)
    expect(nodes.map((n) => n.id)).toEqual(['web01', 'other'])
    expect(nodes[0]?.groups).toEqual(['web', 'production', 'monitored'])
    expect(groups.map((g) => [g.name, g.nodes, g.groups])).toEqual([
      ['all', ['web01', 'other'], ['production', 'monitored']],
      ['production', ['web01'], ['web']],
      ['web', ['web01'], []],
      ['monitored', ['web01', 'other'], []],
    ])
  })

  it('keeps the first entry when a group lists the same target twice, as Bolt does', () => {
    const { nodes } = parse(`
targets:
  - name: a
    vars: { first: true }
  - name: a
    vars: { second: true }
`)
    expect(nodes).toHaveLength(1)
    expect(nodes[0]?.vars).toEqual({ first: true })
  })

  it('resolves a string entry to a target defined elsewhere by name or alias', () => {
    const { nodes, groups } = parse(`
groups:
  - name: defs
    targets:
      - name: web01
        uri: 10.0.0.1
        alias: w1
  - name: by-name
    targets: [web01]
  - name: by-alias
    targets: [w1]
`)
    expect(nodes.map((n) => n.id)).toEqual(['web01'])
    expect(nodes[0]?.uri).toBe('10.0.0.1')
    expect(nodes[0]?.groups).toEqual(['defs', 'by-name', 'by-alias'])
    expect(groups.find((g) => g.name === 'by-alias')?.nodes).toEqual(['web01'])
  })

  it('collects aliases from every entry of a target, given as a string or a list', () => {
    const n = node(
      `
groups:
  - name: a
    targets:
      - name: db01.example.com
        alias: db01
  - name: b
    targets:
      - name: db01.example.com
        alias: [primary-db, db01]
`,
      'db01.example.com',
    )
    // Bolt's order: a later sibling group's aliases come first.
    expect(n.aliases).toEqual(['primary-db', 'db01'])
  })
})

describe('parseBoltInventory: inheritance', () => {
  const yaml = `
config:
  transport: ssh
  ssh:
    user: root
    port: 22
    password: hunter2
vars:
  env: test
  nested: { from: top, keep: yes }
facts:
  site: { dc: dc1, rack: r1 }
groups:
  - name: outer
    vars:
      env: staging
      tier: outer
    config:
      ssh:
        port: 2200
    facts:
      site: { rack: r9 }
    groups:
      - name: inner
        vars:
          tier: inner
          nested: { from: inner }
        config:
          ssh:
            user: deploy
        targets:
          - name: t1
            vars:
              own: true
              tier: target
            config:
              ssh:
                connect-timeout: 5
  - name: later
    vars:
      tier: later
      only_later: 1
    targets: [t1]
`

  it('lets the target win over its groups, inner groups over outer ones, earlier siblings over later ones', () => {
    expect(node(yaml, 't1').vars).toEqual({
      env: 'staging',
      tier: 'target',
      own: true,
      only_later: 1,
      // vars merge one level deep, like Bolt: the inner hash replaces the outer one
      nested: { from: 'inner' },
    })
  })

  it('merges config per transport deeply and never carries credentials', () => {
    expect(node(yaml, 't1').config).toEqual({ transport: 'ssh', ssh: { user: 'deploy', port: 2200, 'connect-timeout': 5 } })
  })

  it('merges facts deeply', () => {
    expect(node(yaml, 't1').facts).toEqual({ site: { dc: 'dc1', rack: 'r9' } })
  })

  it('reads YAML 1.1 like Bolt does: yes is a boolean, merge keys work', () => {
    const n = node(
      `
defaults: &defaults
  role: web
targets:
  - name: m
    vars:
      <<: *defaults
      enabled: yes
      date: 2024-01-02
`,
      'm',
    )
    expect(n.vars).toEqual({ role: 'web', enabled: true, date: '2024-01-02' })
  })

  it("gives each group its own data as written and keeps 'all' out of node groups", () => {
    const { nodes, groups } = parse(yaml)
    expect(nodes[0]?.groups).toEqual(['inner', 'outer', 'later'])
    expect(groups.find((g) => g.name === 'inner')).toEqual({
      name: 'inner',
      nodes: ['t1'],
      groups: [],
      vars: { tier: 'inner', nested: { from: 'inner' } },
      config: { ssh: { user: 'deploy' } },
    })
    expect(groups[0]?.config).toEqual({ transport: 'ssh', ssh: { user: 'root', port: 22 } })
  })

  it('keeps only the transport in use in node config', () => {
    const n = node(
      `
config:
  ssh: { user: root }
  winrm: { user: Administrator, ssl: false }
targets: [winrm://win01]
`,
      'winrm://win01',
    )
    expect(n.config).toEqual({ transport: 'winrm', winrm: { user: 'Administrator', ssl: false } })
  })
})

describe('parseBoltInventory: errors', () => {
  it('reports a YAML syntax error with the file, line and column', () => {
    const error = thrownBy(() => parse('groups:\n  - name: web\n    targets: [a, b\n  - name: db\n'))
    expect(error.code).toBe('CONFIG_ERROR')
    expect(error.message).toContain(FILE)
    expect(error.message).toMatch(/line \d+, column \d+/)
    expect(error.details).toMatchObject({ file: FILE, line: 4, column: expect.any(Number) })
  })

  it('reports a duplicate YAML key as a syntax error', () => {
    const error = thrownBy(() => parse('vars: {}\nvars: {}\n'))
    expect(error.details).toMatchObject({ file: FILE, line: 2 })
  })

  it('names the field path and its line for a bad field', () => {
    const error = thrownBy(() =>
      parse(`groups:
  - name: web
    targets:
      - web01
      - name: web02
        alias: { not: valid }
`),
    )
    expect(error.code).toBe('CONFIG_ERROR')
    expect(error.details).toMatchObject({ file: FILE, field: 'groups[0].targets[1].alias', line: 6, column: 16 })
    expect(error.message).toContain(FILE)
    expect(error.message).toContain('groups[0].targets[1].alias')
  })

  it.each([
    ['a group without a name', 'groups:\n  - targets: [a]\n', 'groups[0].name', /required/],
    ['a group name Bolt refuses', 'groups:\n  - name: Web Servers\n', 'groups[0].name', /must match/],
    ['an alias Bolt refuses', 'targets:\n  - name: a\n    alias: [UPPER]\n', 'targets[0].alias[0]', /must match/],
    ['a target that is neither string nor mapping', 'targets:\n  - 42\n', 'targets[0]', /target name or URI/],
    ['a target with neither name nor uri', 'targets:\n  - vars: {}\n', 'targets[0]', /name or a uri/],
    ['vars that are not a mapping', 'vars: [a, b]\n', 'vars', /mapping/],
    ['features that are not a list', 'features: puppet-agent\n', 'features', /list/],
    ['a transport section that is not a mapping', 'config:\n  ssh: root\n', 'config.ssh', /mapping/],
    ['a version other than 2', 'version: 1\n', 'version', /version 2/],
    ['a version 1 nodes key', 'groups:\n  - name: a\n    nodes: [x]\n', 'groups[0].nodes', /version 1/],
    ['a top level that is not a mapping', '- a\n- b\n', '(root)', /expected object/],
  ])('refuses %s', (_what, yaml, field, message) => {
    const error = thrownBy(() => parse(yaml))
    expect(error.code).toBe('CONFIG_ERROR')
    expect(error.details['field']).toBe(field)
    expect(error.message).toMatch(message)
  })

  it('refuses _plugin references, saying the local plugin does not support them', () => {
    const error = thrownBy(() =>
      parse(`groups:
  - name: web
    targets:
      _plugin: puppetdb
      query: "inventory[certname] {}"
`),
    )
    expect(error.code).toBe('CONFIG_ERROR')
    expect(error.message).toMatch(/_plugin references are not supported by the local plugin/)
    expect(error.details).toMatchObject({ file: FILE, field: 'groups[0].targets', line: 4 })
  })

  it('refuses a group name used twice, nested or not, and a group named all', () => {
    expect(thrownBy(() => parse('groups:\n  - name: a\n  - name: b\n    groups:\n      - name: a\n')).details).toMatchObject({
      field: 'groups[1].groups[0].name',
      line: 5,
    })
    expect(thrownBy(() => parse('groups:\n  - name: all\n')).message).toMatch(/'all' is used twice/)
  })

  it('refuses an alias naming two targets, and names shared between groups, targets and aliases', () => {
    expect(thrownBy(() => parse('targets:\n  - { name: a, alias: x }\n  - { name: b, alias: x }\n')).message).toMatch(/alias 'x' refers to two targets/)
    expect(thrownBy(() => parse('groups:\n  - name: web\n    targets: [web]\n')).message).toMatch(/has the name of the group/)
    expect(thrownBy(() => parse('targets:\n  - { name: a, alias: b }\n  - name: b\n')).message).toMatch(/has the name of an alias/)
    expect(thrownBy(() => parse('targets:\n  - { name: a, alias: web }\ngroups:\n  - name: web\n')).message).toMatch(/alias 'web' of a has the name of the group/)
  })

  it('lets unknown keys through, as Bolt only warns about them', () => {
    const { nodes } = parse('targets:\n  - name: a\n    color: blue\nsomething: else\n')
    expect(nodes.map((n) => n.id)).toEqual(['a'])
  })
})

describe('examples/inventory.yaml', () => {
  const file = fileURLToPath(new URL('../../examples/inventory.yaml', import.meta.url))
  const { nodes, groups } = parseBoltInventory(readFileSync(file, 'utf8'), file)

  it('describes the demo: web and db under production, web01 and db01 also monitored', () => {
    expect(nodes.map((n) => [n.id, n.groups])).toEqual([
      ['web01.example.com', ['web', 'production', 'monitored']],
      ['web02.example.com', ['web', 'production']],
      ['db01.example.com', ['db', 'production', 'monitored']],
    ])
    expect(groups.map((g) => g.name)).toEqual(['all', 'production', 'web', 'db', 'monitored'])
  })

  it('gives db01 its port and aliases, and web02 its alias', () => {
    const db = nodes.find((n) => n.id === 'db01.example.com')
    expect(db).toMatchObject({ uri: 'db01.example.com:2222', aliases: ['db01', 'primary-db'], transport: 'ssh' })
    expect(db?.config).toMatchObject({ ssh: { user: 'deploy', port: 2222 } })
    expect(db?.vars).toMatchObject({ role: 'db', env: 'production', owner: 'platform-team' })
    expect(nodes.find((n) => n.id === 'web02.example.com')?.aliases).toEqual(['web02'])
  })
})

describe('parseBoltInventory: hostile YAML', () => {
  it('refuses aliases that expand exponentially instead of exhausting memory', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]']
    for (let i = 1; i < 8; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${new Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(', ')}]`)
    const error = thrownBy(() => parse(`vars:\n${levels.map((l) => `  ${l}`).join('\n')}\n`))
    expect(error.code).toBe('CONFIG_ERROR')
    expect(error.details['file']).toBe(FILE)
  })
})
