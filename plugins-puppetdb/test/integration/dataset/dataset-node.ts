// One synthetic node of the integration dataset, and how the dataset is laid out.

/** Roles the nodes play; every node has one (as trusted pp_role). */
export const roles = ['web', 'db', 'cache', 'worker', 'lb'] as const
/** Datacenters, as the second DNS label of the certname. */
export const datacenters = ['fra1', 'ams2', 'nyc3'] as const
/** What the node's latest Puppet run did. */
export type RunKind = 'unchanged' | 'changed' | 'noop' | 'failed'

/** A node of the dataset, with everything the tests assert against. */
export interface DatasetNode {
  index: number
  certname: string
  role: (typeof roles)[number]
  datacenter: (typeof datacenters)[number]
  environment: 'production' | 'staging'
  /** Index into operatingSystems. */
  os: number
  ip: string
  /** Whether the node has the top-level `role` fact (all have trusted.extensions.pp_role). */
  topLevelRole: boolean
  /** Kinds of its stored reports, oldest first; the last is the latest run. */
  runs: RunKind[]
}

const kinds: RunKind[] = ['unchanged', 'changed', 'noop', 'failed']

/** The `count` nodes of the dataset, the same every time. */
export function datasetNodes(count: number, prefix = ''): DatasetNode[] {
  return Array.from({ length: count }, (_, index) => {
    const role = roles[index % roles.length]!
    const datacenter = datacenters[index % datacenters.length]!
    const latest = kinds[(index + Math.floor(index / 4)) % kinds.length]!
    return {
      index,
      certname: `${prefix}${role}${String(index).padStart(3, '0')}.${datacenter}.example.com`,
      role,
      datacenter,
      environment: index % 7 === 3 ? 'staging' : 'production',
      os: index % 6,
      // Another network for another prefix (the bench's nodes), so no two nodes link by address.
      ip: `10.${prefix === '' ? 20 : 30}.${index >> 8}.${(index & 255) + 1}`,
      topLevelRole: index % 2 === 0,
      // Every third node also has an older, unchanged run, so history differs from the latest.
      runs: index % 3 === 0 ? ['unchanged', latest] : [latest],
    }
  })
}
