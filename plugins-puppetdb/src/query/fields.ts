import type { Entity } from './entity.js'

/**
 * The fields each entity can be filtered and ordered on, as PuppetDB 7.12
 * lists them in its "Known queryable objects are ..." answer to an unknown
 * field (see the recorded `query_error_bad_field.json`).
 */
export const queryableFields = {
  nodes: [
    'cached_catalog_status',
    'catalog_environment',
    'catalog_timestamp',
    'certname',
    'deactivated',
    'expired',
    'facts_environment',
    'facts_timestamp',
    'latest_report_corrective_change',
    'latest_report_hash',
    'latest_report_job_id',
    'latest_report_noop',
    'latest_report_noop_pending',
    'latest_report_status',
    'report_environment',
    'report_timestamp',
  ],
  facts: ['certname', 'environment', 'name', 'value'],
  fact_contents: ['certname', 'environment', 'name', 'path', 'value'],
  fact_paths: ['depth', 'name', 'path', 'type'],
  factsets: ['certname', 'environment', 'facts', 'hash', 'producer', 'producer_timestamp', 'timestamp'],
  inventory: ['certname', 'environment', 'facts', 'timestamp', 'trusted'],
  reports: [
    'cached_catalog_status',
    'catalog_uuid',
    'certname',
    'code_id',
    'configuration_version',
    'corrective_change',
    'end_time',
    'environment',
    'hash',
    'job_id',
    'latest_report?',
    'noop',
    'noop_pending',
    'producer',
    'producer_timestamp',
    'puppet_version',
    'receive_time',
    'report_format',
    'start_time',
    'status',
    'transaction_uuid',
    'type',
  ],
  events: [
    'certname',
    'configuration_version',
    'containing_class',
    'containment_path',
    'corrective_change',
    'environment',
    'file',
    'latest_report?',
    'line',
    'message',
    'name',
    'new_value',
    'old_value',
    'property',
    'report',
    'report_receive_time',
    'resource_title',
    'resource_type',
    'run_end_time',
    'run_start_time',
    'status',
    'timestamp',
  ],
  resources: ['certname', 'environment', 'exported', 'file', 'line', 'parameters', 'resource', 'tag', 'tags', 'title', 'type'],
  catalogs: ['catalog_uuid', 'certname', 'code_id', 'environment', 'hash', 'job_id', 'producer', 'producer_timestamp', 'transaction_uuid', 'version'],
  edges: ['certname', 'relationship', 'source_title', 'source_type', 'target_title', 'target_type'],
  environments: ['name'],
  packages: ['package_name', 'provider', 'version'],
  package_inventory: ['certname', 'package_name', 'provider', 'version'],
} as const satisfies Record<Entity, readonly string[]>

/**
 * Fields that can be extracted but not filtered on: the nested collections of
 * reports and catalogs (PuppetDB returns them, it cannot match on them).
 */
export const extractOnlyFields = {
  reports: ['metrics', 'logs', 'resource_events'],
  catalogs: ['resources', 'edges'],
} as const satisfies Partial<Record<Entity, readonly string[]>>

/** A plain field of `E` that PuppetDB filters and orders on. */
export type QueryableField<E extends Entity> = (typeof queryableFields)[E][number]

/**
 * A dotted path into structured data, which PuppetDB accepts as a field where
 * the data is JSON: `facts.os.family` and `trusted.extensions.pp_role` on
 * inventory, `parameters.ensure` on resources. The part after the first dot is
 * not checked: it names a fact or parameter, not a column. Dotted paths filter
 * and extract, but PuppetDB does not order by them.
 */
export type DottedField<E extends Entity> = E extends 'inventory'
  ? `facts.${string}` | `trusted.${string}`
  : E extends 'resources'
    ? `parameters.${string}`
    : never

/** A field of `E` that `extract` may name. */
export type ProjectableField<E extends Entity> =
  | QueryableField<E>
  | DottedField<E>
  | (E extends keyof typeof extractOnlyFields ? (typeof extractOnlyFields)[E][number] : never)

/** A field of `E` that `order_by` accepts (plain columns only). */
export type OrderField<E extends Entity> = QueryableField<E>
