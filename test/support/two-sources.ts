import type { NodeGroup, SourceNode } from 'capstan'
import { fakePlugin, type FakePluginSpec } from './fake-plugin.js'

/**
 * Two inventory sources that know one machine under different names:
 * `cmdb` has `web01.example.com` (in group web), `puppetdb` has the short
 * name `web01` with its facts. Each also knows a node the other does not.
 */
export const cmdbNodes: SourceNode[] = [
  { id: 'web01.example.com', groups: ['web'], vars: { owner: 'team-a' } },
  { id: 'db01.example.com', groups: ['db'], transport: 'ssh' },
]
export const cmdbGroups: NodeGroup[] = [
  { name: 'web', nodes: ['web01.example.com'] },
  { name: 'db', nodes: ['db01.example.com'] },
]
export const puppetdbNodes: SourceNode[] = [
  { id: 'web01', facts: { os: { family: 'Debian', release: { major: '12' } }, kernel: 'Linux' } },
  { id: 'web02.example.com', groups: ['web'], facts: { os: { family: 'RedHat', release: { major: '9' } }, kernel: 'Linux' } },
]
export const puppetdbGroups: NodeGroup[] = [{ name: 'web', nodes: ['web02.example.com'], vars: { tier: 'front' } }]

export function cmdbSource(extra: FakePluginSpec = {}) {
  return fakePlugin('cmdb', { nodes: cmdbNodes, groups: cmdbGroups, lookup: true, ...extra })
}

export function puppetdbSource(extra: FakePluginSpec = {}) {
  return fakePlugin('puppetdb', { nodes: puppetdbNodes, groups: puppetdbGroups, lookup: true, ...extra })
}
