// A Puppet run report for one dataset node (store report, version 8), with
// resource events of the statuses its kind implies.
import { profileClass, profileFile, serviceOf } from './catalog.js'
import type { DatasetNode, RunKind } from './dataset-node.js'

/** What a report of each kind contains, so tests know what to expect. */
export interface ExpectedEvent {
  status: 'success' | 'failure' | 'noop' | 'skipped'
  resourceType: string
  resourceTitle: string
  property: string | null
}

/** The resource events a run of `kind` produces on `node`. */
export function eventsOf(node: DatasetNode, kind: RunKind): ExpectedEvent[] {
  const service = serviceOf[node.role]
  const config = `/etc/${service}/${service}.conf`
  switch (kind) {
    case 'unchanged':
      return []
    case 'changed':
      return [
        { status: 'success', resourceType: 'File', resourceTitle: config, property: 'content' },
        { status: 'success', resourceType: 'Service', resourceTitle: service, property: 'ensure' },
      ]
    case 'noop':
      return [{ status: 'noop', resourceType: 'File', resourceTitle: '/etc/motd', property: 'content' }]
    case 'failed':
      return [
        { status: 'failure', resourceType: 'Package', resourceTitle: service, property: 'ensure' },
        { status: 'skipped', resourceType: 'Service', resourceTitle: service, property: null },
      ]
  }
}

const lineOf: Record<string, number> = { File: 10, Service: 14, Package: 6 }

/**
 * The report of `node`'s run of `kind` that started at `start` (ISO).
 * `agentStatus` is what the agent reports: a noop run is `unchanged` with noop set.
 */
export function reportOf(node: DatasetNode, kind: RunKind, start: Date, transactionUuid: string): Record<string, unknown> {
  const at = (seconds: number) => new Date(start.getTime() + seconds * 1000).toISOString()
  const events = eventsOf(node, kind)
  const byResource = new Map<string, ExpectedEvent[]>()
  for (const event of events) {
    const key = `${event.resourceType}[${event.resourceTitle}]`
    byResource.set(key, [...(byResource.get(key) ?? []), event])
  }
  const resources = [...byResource.values()].map((group) => {
    const first = group[0]!
    return {
      skipped: first.status === 'skipped',
      timestamp: at(5),
      resource_type: first.resourceType,
      resource_title: first.resourceTitle,
      file: profileFile(node),
      line: lineOf[first.resourceType] ?? 1,
      containment_path: ['Stage[main]', profileClass(node), `${first.resourceType}[${first.resourceTitle}]`],
      corrective_change: false,
      events: group.map((event) => ({
        status: event.status,
        timestamp: at(6),
        property: event.property,
        old_value: event.property === 'ensure' ? 'stopped' : event.property === null ? null : '{sha256}aaaa',
        new_value: event.property === 'ensure' ? 'running' : event.property === null ? null : '{sha256}bbbb',
        message: messageOf(event),
        corrective_change: false,
        name: event.property === null ? 'resource_skipped' : `${event.property}_changed`,
      })),
    }
  })
  const count = (status: ExpectedEvent['status']) => events.filter((e) => e.status === status).length
  return {
    certname: node.certname,
    environment: node.environment,
    puppet_version: '7.23.0',
    report_format: 12,
    configuration_version: String(Math.floor(start.getTime() / 1000)),
    start_time: at(0),
    end_time: at(20),
    producer_timestamp: at(21),
    producer: 'puppet.example.com',
    corrective_change: false,
    noop: kind === 'noop',
    noop_pending: kind === 'noop',
    transaction_uuid: transactionUuid,
    catalog_uuid: transactionUuid,
    code_id: null,
    job_id: null,
    cached_catalog_status: 'not_used',
    status: kind === 'noop' ? 'unchanged' : kind,
    type: 'agent',
    metrics: [
      { category: 'resources', name: 'total', value: 7 },
      { category: 'resources', name: 'changed', value: count('success') },
      { category: 'resources', name: 'failed', value: count('failure') },
      { category: 'resources', name: 'skipped', value: count('skipped') },
      { category: 'time', name: 'config_retrieval', value: 1.25 },
      { category: 'time', name: 'total', value: 4.5 + (node.index % 5) },
      { category: 'events', name: 'total', value: events.length },
      { category: 'events', name: 'success', value: count('success') },
      { category: 'events', name: 'failure', value: count('failure') },
      { category: 'events', name: 'noop', value: count('noop') },
    ],
    logs: [
      ...events.map((event) => ({
        file: profileFile(node),
        line: lineOf[event.resourceType] ?? 1,
        level: event.status === 'failure' ? 'err' : 'notice',
        message: messageOf(event),
        source: `/Stage[main]/${profileClass(node)}/${event.resourceType}[${event.resourceTitle}]${event.property === null ? '' : `/${event.property}`}`,
        tags: [event.resourceType.toLowerCase(), 'class'],
        time: at(6),
      })),
      { file: null, line: null, level: 'notice', message: `Applied catalog in ${4 + (node.index % 5)}.50 seconds`, source: 'Puppet', tags: ['notice'], time: at(19) },
    ],
    resources,
  }
}

function messageOf(event: ExpectedEvent): string {
  switch (event.status) {
    case 'success':
      return event.property === 'ensure' ? "ensure changed 'stopped' to 'running'" : "content changed '{sha256}aaaa' to '{sha256}bbbb'"
    case 'failure':
      return `change from 'absent' to 'present' failed: Execution of '/usr/bin/apt-get -q -y install ${event.resourceTitle}' returned 100`
    case 'noop':
      return "current_value '{sha256}aaaa', should be '{sha256}bbbb' (noop)"
    case 'skipped':
      return 'Skipped because of failed dependencies'
  }
}
