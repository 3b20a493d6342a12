// No module of the core or of a plugin imports itself through a circle of
// relative imports (type-only imports count: a circle is two modules that
// cannot be read, moved or split one without the other). A circle found here
// is broken by moving what both sides share into a module of its own.
import { readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { circlePath, importCircles, importGraph } from './import-cycles.js'
import { repoRoot, typeScriptFiles } from './module-imports.js'

const trees = ['src', ...readdirSync(repoRoot).filter((name) => name.startsWith('plugins-')).sort().map((name) => `${name}/src`)]

/**
 * The core's circles when this test was written (issue 14), each of two
 * modules joined by a type-only import one way. Allowed, and only these:
 * breaking one is welcome, and then its entry goes.
 */
const knownCircles = [
  // target.ts types its `facts` filter with FactConditions: its own FactCondition keyed by the well-known fact paths.
  ['src/capabilities/models/target.ts', 'src/capabilities/models/well-known-facts.ts'],
  // identityClaims calls linkedClaimers, which takes the IdentityClaim type that identity-claims.ts declares.
  ['src/inventory/identity-claims.ts', 'src/inventory/linked-claimers.ts'],
]
const known = new Set(knownCircles.map((circle) => circle.join(' ')))

describe('import circles', () => {
  it.each(trees)('%s has none but the known ones', (tree) => {
    const graph = importGraph(typeScriptFiles(tree))
    expect(graph.size).toBeGreaterThan(0)
    const found = importCircles(graph).filter((circle) => !known.has(circle.join(' ')))
    expect(found.map((circle) => circlePath(graph, circle))).toEqual([])
  })

  it('knows only circles that still exist', () => {
    const circles = importCircles(importGraph(typeScriptFiles('src'))).map((circle) => circle.join(' '))
    expect([...known].filter((circle) => !circles.includes(circle))).toEqual([])
  })

  it('finds a circle and names it, and finds none in a tree without one', () => {
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts', 'd.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', []],
      ['e.ts', ['e.ts']],
    ])
    expect(importCircles(graph)).toEqual([['a.ts', 'b.ts', 'c.ts'], ['e.ts']])
    expect(circlePath(graph, ['a.ts', 'b.ts', 'c.ts'])).toBe('a.ts → b.ts → c.ts → a.ts')
    expect(circlePath(graph, ['e.ts'])).toBe('e.ts → e.ts')
    expect(importCircles(new Map([['a.ts', ['b.ts']], ['b.ts', []]]))).toEqual([])
  })
})
