/**
 * The PuppetDB entities the query layer knows, named as the AST and PQL name
 * them (`fact_contents`, not the endpoint's `fact-contents`).
 *
 * `producers` and `fact_names` are left out on purpose: PuppetDB 7.12 answers
 * `["from", "producers"]` and `["from", "fact_names"]` with a 500, and
 * fact-names rows are bare strings, not objects.
 */
export const entities = [
  'nodes',
  'facts',
  'fact_contents',
  'fact_paths',
  'factsets',
  'inventory',
  'reports',
  'events',
  'resources',
  'catalogs',
  'edges',
  'environments',
  'packages',
  'package_inventory',
] as const

/** A PuppetDB entity, as the AST and PQL name it. */
export type Entity = (typeof entities)[number]

/** True when `name` is one of the {@link entities}. */
export function isEntity(name: unknown): name is Entity {
  return typeof name === 'string' && (entities as readonly string[]).includes(name)
}

/**
 * The query endpoint of `entity`: `/pdb/query/v4/fact-contents` for
 * `fact_contents` (endpoints spell with hyphens, the AST with underscores).
 */
export function entityPath(entity: Entity): string {
  return `/pdb/query/v4/${entity.replaceAll('_', '-')}`
}

/** PuppetDB's root query endpoint, which takes PQL and `["from", ...]` queries. */
export const ROOT_QUERY_PATH = '/pdb/query/v4'
