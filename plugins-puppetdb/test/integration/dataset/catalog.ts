// The catalog a Puppet server would compile for one dataset node (replace catalog, version 9).
import type { DatasetNode } from './dataset-node.js'

/** The service each role manages. */
export const serviceOf = { web: 'nginx', db: 'postgresql', cache: 'redis-server', worker: 'sidekiq', lb: 'haproxy' } as const

const capitalized = (text: string) => text[0]!.toUpperCase() + text.slice(1)

/** Profile class of the node's role, e.g. Profile::Web. */
export function profileClass(node: DatasetNode): string {
  return `Profile::${capitalized(node.role)}`
}

/** Manifest file of the node's profile. */
export function profileFile(node: DatasetNode): string {
  return `/etc/puppetlabs/code/environments/${node.environment}/modules/profile/manifests/${node.role}.pp`
}

export function catalogOf(node: DatasetNode, producedAt: string, transactionUuid: string): Record<string, unknown> {
  const service = serviceOf[node.role]
  const profile = profileClass(node)
  const file = profileFile(node)
  const resource = (type: string, title: string, line: number | null, parameters: Record<string, unknown> = {}) => ({
    type,
    title,
    exported: false,
    file: line === null ? null : file,
    line,
    tags: [type.toLowerCase(), 'class', profile.toLowerCase()],
    parameters,
  })
  const ref = (type: string, title: string) => ({ type, title })
  return {
    certname: node.certname,
    version: producedAt,
    environment: node.environment,
    transaction_uuid: transactionUuid,
    catalog_uuid: transactionUuid,
    code_id: null,
    job_id: null,
    producer_timestamp: producedAt,
    producer: 'puppet.example.com',
    resources: [
      resource('Stage', 'main', null),
      resource('Class', 'Main', null),
      resource('Class', profile, 1),
      resource('File', '/etc/motd', 4, { ensure: 'file', content: `Welcome to ${node.certname}\n` }),
      resource('Package', service, 6, { ensure: 'installed' }),
      resource('File', `/etc/${service}/${service}.conf`, 10, { ensure: 'file', mode: '0640', require: `Package[${service}]` }),
      resource('Service', service, 14, { ensure: 'running', enable: true }),
    ],
    edges: [
      { source: ref('Stage', 'main'), target: ref('Class', 'Main'), relationship: 'contains' },
      { source: ref('Class', 'Main'), target: ref('Class', profile), relationship: 'contains' },
      { source: ref('Class', profile), target: ref('File', '/etc/motd'), relationship: 'contains' },
      { source: ref('Class', profile), target: ref('Package', service), relationship: 'contains' },
      { source: ref('Class', profile), target: ref('File', `/etc/${service}/${service}.conf`), relationship: 'contains' },
      { source: ref('Class', profile), target: ref('Service', service), relationship: 'contains' },
      { source: ref('Package', service), target: ref('File', `/etc/${service}/${service}.conf`), relationship: 'required-by' },
      { source: ref('File', `/etc/${service}/${service}.conf`), target: ref('Service', service), relationship: 'notifies' },
    ],
  }
}
