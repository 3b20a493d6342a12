// A caller's pattern must not freeze the host: `^(a+)+$` against a fact of a few
// dozen characters, or a glob of many stars against a node name, used to run for
// hours on the event loop (RegExp and picomatch backtrack). Each filter runs in a
// child process that is killed at a generous bound, so a regression fails here
// (`{ killed: true }`) instead of hanging the run; the assertions are on the answer.
import type { SourceNode } from 'capstan'
import { describe, expect, it } from 'vitest'
import { filterInChild } from '../support/filter-in-child.js'

const nodes: SourceNode[] = [
  { id: `${'a'.repeat(60)}`, facts: { motd: `${'a'.repeat(40)}!` } },
  { id: `${'a'.repeat(30)}b`, facts: { motd: 'a'.repeat(40) } },
]

describe('nodeMatcher with patterns that backtrack catastrophically in RegExp', () => {
  it('a fact regex ^(a+)+$ returns, matching the whole-a value only', async () => {
    expect(await filterInChild('matcher', nodes, { facts: { motd: { regex: '^(a+)+$' } } })).toEqual({ ids: [`${'a'.repeat(30)}b`] })
  }, 60_000)

  it('a name glob of many stars returns, matching the name that ends in b only', async () => {
    expect(await filterInChild('matcher', nodes, { names: ['*a*a*a*a*a*a*a*a*a*a*a*a*b'] })).toEqual({ ids: [`${'a'.repeat(30)}b`] })
  }, 60_000)
})
