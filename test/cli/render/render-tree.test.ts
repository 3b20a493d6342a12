import { describe, expect, it } from 'vitest'
import { createStyle, renderTree, stripAnsi } from '../../../src/cli/render/index.js'

const plain = createStyle({ color: false })

const facts = {
  kernel: 'Linux',
  os: {
    family: 'Debian',
    release: { full: '12.5', major: '12' },
    selinux: { enabled: false },
  },
  networking: {
    hostname: 'web01',
    ip: '10.0.0.11',
    interfaces: {
      eth0: { ip: '10.0.0.11', mtu: 1500, bindings: [{ address: '10.0.0.11', netmask: '255.255.255.0' }] },
    },
  },
  processors: { count: 4, models: ['Intel Xeon', 'Intel Xeon'] },
  mountpoints: [],
  uptime_seconds: 86400,
  ec2_metadata: null,
  motd: 'hello\nworld\n',
  empty: {},
}

describe('renderTree', () => {
  it('renders a facts object as an indented key/value tree in the given key order', () => {
    expect(renderTree(facts, plain)).toBe(
      [
        'kernel: Linux',
        'os:',
        '  family: Debian',
        '  release:',
        '    full: 12.5',
        '    major: 12',
        '  selinux:',
        '    enabled: false',
        'networking:',
        '  hostname: web01',
        '  ip: 10.0.0.11',
        '  interfaces:',
        '    eth0:',
        '      ip: 10.0.0.11',
        '      mtu: 1500',
        '      bindings:',
        '        [0]:',
        '          address: 10.0.0.11',
        '          netmask: 255.255.255.0',
        'processors:',
        '  count: 4',
        '  models: Intel Xeon, Intel Xeon',
        'mountpoints: []',
        'uptime_seconds: 86400',
        'ec2_metadata: null',
        'motd:',
        '  hello',
        '  world',
        'empty: {}',
      ].join('\n') + '\n',
    )
  })

  it('keeps the order keys have in the object, not alphabetical', () => {
    const lines = renderTree({ zeta: 1, alpha: 2 }, plain).split('\n')
    expect(lines[0]).toBe('zeta: 1')
    expect(lines[1]).toBe('alpha: 2')
  })

  it('renders arrays of objects and mixed arrays as indexed entries', () => {
    expect(renderTree({ disks: [{ name: 'sda' }, 'spare'] }, plain)).toBe('disks:\n  [0]:\n    name: sda\n  [1]: spare\n')
    expect(renderTree([{ a: 1 }, { a: 2 }], plain)).toBe('[0]:\n  a: 1\n[1]:\n  a: 2\n')
  })

  it('leaves out undefined values and renders scalars and empty values alone', () => {
    expect(renderTree({ a: undefined, b: 1 }, plain)).toBe('b: 1\n')
    expect(renderTree('text', plain)).toBe('text\n')
    expect(renderTree({}, plain)).toBe('{}\n')
    expect(renderTree(undefined, plain)).toBe('')
  })

  it('marks a circular reference instead of recursing forever', () => {
    const node: Record<string, unknown> = { name: 'loop' }
    node['self'] = node
    expect(renderTree(node, plain)).toBe('name: loop\nself: [circular]\n')
  })

  it('colours keys only when colour is on', () => {
    const coloured = renderTree({ os: { family: 'Debian' } }, createStyle({ color: true }))
    expect(coloured).toContain('\u001b[36mos\u001b[39m')
    expect(stripAnsi(coloured)).toBe('os:\n  family: Debian\n')
    expect(renderTree({ os: { family: 'Debian' } }, plain)).not.toContain('\u001b')
  })
})
