import { expect, it } from 'vitest'
import type { Node } from 'capstan'
import { parseUriTarget } from '../../src/inventory/ad-hoc-uri.js'
import { nodesAtUri } from '../../src/inventory/nodes-at-uri.js'

function node(id: string, extra: Partial<Node> = {}): Node {
  return { id, name: id, aliases: [], groups: [], sources: ['cmdb'], sourceData: {}, ...extra }
}

const inventory = [
  node('web01.example.com', { uri: 'ssh://deploy@10.0.0.5:22', transport: 'ssh' }),
  node('db01.example.com', { aliases: ['db01'] }),
  node('app01', { uri: 'app01.example.com:2222' }),
  node('win01', { uri: 'winrm://win01.example.com:5986', transport: 'winrm' }),
  node('box', { transport: 'local', config: { hostname: 'box' } }),
]

const reached = nodesAtUri(inventory)
const at = (uri: string) => reached(parseUriTarget(uri)!).map((n) => n.id)

it('finds the inventory node a uri reaches: by its uri host, id or alias, default ports counting as none', () => {
  expect(at('ssh://10.0.0.5')).toEqual(['web01.example.com'])
  expect(at('ssh://deploy@10.0.0.5:22')).toEqual(['web01.example.com'])
  expect(at('deploy@10.0.0.5')).toEqual(['web01.example.com'])
  expect(at('ssh://WEB01.example.com.')).toEqual(['web01.example.com'])
  expect(at('ssh://db01')).toEqual(['db01.example.com'])
  expect(at('ssh://db01.example.com:22')).toEqual(['db01.example.com'])
  expect(at('ssh://app01.example.com:2222')).toEqual(['app01'])
  expect(at('winrm://win01.example.com')).toEqual(['win01'])
  expect(at('local://box')).toEqual(['box'])
})

it('keeps a uri ad hoc when the port, the transport or the login user differ', () => {
  expect(at('ssh://10.0.0.5:2222')).toEqual([])
  expect(at('ssh://root@10.0.0.5')).toEqual([])
  expect(at('ssh://app01.example.com')).toEqual([])
  expect(at('winrm://10.0.0.5')).toEqual([])
  expect(at('ssh://box')).toEqual([])
  expect(at('ssh://10.0.0.6')).toEqual([])
})
