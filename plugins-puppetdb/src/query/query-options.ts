import { validationError } from 'capstan/plugin-kit'
import { z } from 'zod'
import type { Entity } from './entity.js'
import type { OrderField } from './fields.js'

/** One sort key: PuppetDB's `{"field": ..., "order": ...}`; `order` defaults to `asc`. */
export interface OrderBy<F extends string = string> {
  /** A plain column of the entity (PuppetDB does not order by dotted paths). */
  readonly field: F
  /** `asc` (PuppetDB's default) or `desc`. */
  readonly order?: 'asc' | 'desc' | undefined
}

/** Paging of one request: PuppetDB's `limit`, `offset` and `order_by`. */
export interface PagingOptions<E extends Entity = Entity> {
  /** At most this many rows (an integer, at least 1). */
  readonly limit?: number | undefined
  /** Skip this many rows first (an integer, at least 0); only stable with `orderBy`. */
  readonly offset?: number | undefined
  /** Sort keys, most significant first. */
  readonly orderBy?: ReadonlyArray<OrderBy<OrderField<E>>> | undefined
}

/** Paging options once checked: plain field names, whatever the entity. */
export interface CheckedPaging {
  limit?: number | undefined
  offset?: number | undefined
  orderBy?: OrderBy[] | undefined
}

const OrderBySchema = z.strictObject({
  field: z.string().min(1),
  order: z.enum(['asc', 'desc']).optional(),
})

/** Validates bare paging options (the clauses of a `from`). */
export const pagingSchema = z.strictObject({
  limit: z.number().int().min(1).optional(),
  offset: z.number().int().min(0).optional(),
  orderBy: z.array(OrderBySchema).optional(),
})

/**
 * The schema of query options: the paging fields plus whatever `extra` adds
 * (includeTotal, signal, pageSize). Unknown keys are rejected, so `order_by`
 * written where `orderBy` was meant fails instead of being ignored.
 */
export function optionsSchema<S extends z.ZodRawShape>(extra: S) {
  return pagingSchema.extend(extra)
}

/** Shape shared by every entry point that takes an AbortSignal. */
export const signalShape = { signal: z.instanceof(AbortSignal).optional() }

/**
 * Parses `options` with `schema` and returns them, or throws VALIDATION_ERROR
 * naming every bad field (`limit`, `orderBy[0].order`) with `subject` saying
 * which call they were given to.
 */
export function checkOptions<T>(schema: z.ZodType<T>, subject: string, options: unknown): T {
  const parsed = schema.safeParse(options ?? {})
  if (!parsed.success) throw validationError(subject, parsed.error)
  return parsed.data
}

