import { z } from 'zod'
import { expectTypeOf, test } from 'vitest'
import {
  Facts,
  NodeFacts,
  type Capstan,
  type CallInput,
  type FactConditions,
  type FactPath,
  type FactValues,
  type NodeFilter,
  type ResultOf,
  type WellKnownFactPath,
  type WellKnownFacts,
} from 'capstan'

declare const capstan: Capstan

/** T without its index signatures: its named fields only. */
type Named<T> = { [K in keyof T as string extends K ? never : number extends K ? never : K]: T[K] }
/** The dotted path of every scalar field of T, through nested objects; lists and records (no named fields) have none. */
type ScalarPaths<T> = {
  [K in keyof Named<T> & string]: NonNullable<T[K]> extends readonly unknown[] ? never : NonNullable<T[K]> extends object ? `${K}.${ScalarPaths<NonNullable<T[K]>>}` : K
}[keyof Named<T> & string]

test('NodeFacts is the wrapper; its facts stay Record<string, unknown> unless the caller opts in', () => {
  expectTypeOf<FactValues>().toEqualTypeOf<Record<string, unknown>>()
  expectTypeOf<NodeFacts['facts']>().toEqualTypeOf<Record<string, unknown>>()
  expectTypeOf(capstan.facts.get('web01')).resolves.toEqualTypeOf<NodeFacts>()
  expectTypeOf(capstan.facts.get('web01')).resolves.toHaveProperty('facts').toEqualTypeOf<Record<string, unknown>>()
  expectTypeOf(capstan.facts.refresh('web01')).resolves.toHaveProperty('facts').toEqualTypeOf<Record<string, unknown>>()
  expectTypeOf(capstan.invoke('info.facts', { node: 'web01' })).resolves.toHaveProperty('facts').toEqualTypeOf<Record<string, unknown>>()
  // The default gives no fact a type: reading one takes a check.
  void (async () => {
    const { facts } = await capstan.facts.get('web01')
    // @ts-expect-error: os is unknown by default
    void facts.os.family
  })
})

test('the schema and the type of NodeFacts agree, and Facts is their deprecated alias', () => {
  expectTypeOf<z.output<typeof NodeFacts>>().toEqualTypeOf<NodeFacts>()
  expectTypeOf<ResultOf<'info.facts'>>().toEqualTypeOf<NodeFacts>()
  expectTypeOf<Facts>().toEqualTypeOf<NodeFacts>()
  expectTypeOf(Facts).toEqualTypeOf(NodeFacts)
  // Still assignable to a plain record, as the zod-inferred type it replaces was.
  expectTypeOf<NodeFacts>().toExtend<Record<string, unknown>>()
})

test('opting in to WellKnownFacts types the well-known facts, and any other fact stays readable as unknown', () => {
  void (async () => {
    const { facts } = await capstan.facts.get<WellKnownFacts>('web01', { refresh: true })
    expectTypeOf(facts.os?.family).toEqualTypeOf<string | undefined>()
    expectTypeOf(facts.os?.release?.full).toEqualTypeOf<string | undefined>()
    expectTypeOf(facts.networking?.ip).toEqualTypeOf<string | undefined>()
    expectTypeOf(facts.networking?.interfaces?.['eth0']?.mac).toEqualTypeOf<string | undefined>()
    expectTypeOf(facts.processors?.count).toEqualTypeOf<number | undefined>()
    expectTypeOf(facts.memory?.system?.total_bytes).toEqualTypeOf<number | undefined>()
    expectTypeOf(facts.kernel).toEqualTypeOf<string | undefined>()
    expectTypeOf(facts['role']).toEqualTypeOf<unknown>()
    expectTypeOf(facts.os?.['selinux']).toEqualTypeOf<{ [field: string]: unknown; enabled?: boolean | undefined } | undefined>()
    // @ts-expect-error: a family is a string
    const family: number | undefined = facts.os?.family
    void family
  })
  expectTypeOf(capstan.facts.refresh<WellKnownFacts>('web01')).resolves.toEqualTypeOf<NodeFacts<WellKnownFacts>>()
  // A result of invoke, or one a plugin returned, takes the typed view by annotation.
  void (async () => {
    const typed: NodeFacts<WellKnownFacts> = await capstan.invoke('info.facts', { node: 'web01' })
    expectTypeOf(typed.facts.networking?.fqdn).toEqualTypeOf<string | undefined>()
  })
})

test('an application may opt in to its own facts type', () => {
  interface OurFacts {
    role?: string
    datacenter?: 'ams2' | 'fra1'
  }
  expectTypeOf(capstan.facts.get<OurFacts & WellKnownFacts>('web01')).resolves.toHaveProperty('facts').toHaveProperty('datacenter').toEqualTypeOf<'ams2' | 'fra1' | undefined>()
  // @ts-expect-error: the facts are an object
  void capstan.facts.get<string>('web01')
})

test('WellKnownFactPath lists every scalar field of WellKnownFacts, by dotted path', () => {
  expectTypeOf<WellKnownFactPath>().toEqualTypeOf<ScalarPaths<WellKnownFacts>>()
  expectTypeOf<'os.family'>().toExtend<WellKnownFactPath>()
  expectTypeOf<'networking.interfaces'>().not.toExtend<WellKnownFactPath>()
  expectTypeOf<'processors.models'>().not.toExtend<WellKnownFactPath>()
  // FactPath takes any path besides.
  expectTypeOf<WellKnownFactPath>().toExtend<FactPath>()
  expectTypeOf<'trusted.extensions.pp_role'>().toExtend<FactPath>()
  expectTypeOf<FactPath>().toExtend<string>()
})

test('a filter\'s facts are FactConditions: the well-known paths named, any other path accepted, a bad condition refused', () => {
  expectTypeOf<NonNullable<NodeFilter['facts']>>().toEqualTypeOf<FactConditions>()
  expectTypeOf<NonNullable<CallInput<'inventory.filter'>['facts']>>().toEqualTypeOf<FactConditions>()
  expectTypeOf<FactConditions>().toHaveProperty('os.family')
  // The same values as a plain record, both ways, so nothing that compiled before stops compiling.
  expectTypeOf<Record<string, string>>().toExtend<FactConditions>()
  expectTypeOf<FactConditions>().toExtend<Record<string, string | number | boolean | { regex: string } | { in: Array<string | number | boolean> }>>()
  void capstan.inventory.filter({ facts: { 'os.family': 'Debian', 'processors.count': 4, 'trusted.extensions.pp_role': { in: ['web', 'db'] } } })
  void capstan.invoke('inventory.filter', { facts: { 'networking.ip': { regex: '^10\\.' } } })
  void capstan.command.execute({ targets: { facts: { 'os.family': 'Debian' } }, command: 'uptime' })
  // @ts-expect-error: a condition is a value, { regex } or { in }
  void capstan.inventory.filter({ facts: { 'os.family': ['Debian'] } })
  // @ts-expect-error: a path named is given a condition, not undefined
  void capstan.inventory.filter({ facts: { 'custom.fact': undefined } })
})
