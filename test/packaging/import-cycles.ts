// Circles of relative imports among a tree's modules, found as the strongly
// connected components of the import graph (Tarjan): each component of more
// than one module (or a module importing itself) holds at least one circle.
import { fileImports, resolveRelative } from './module-imports.js'

/** Which modules each of `files` imports, among `files` (root-relative paths). */
export function importGraph(files: readonly string[]): Map<string, string[]> {
  const known = new Set(files)
  return new Map(files.map((file) => [file, [...new Set(fileImports(file).flatMap(({ specifier }) => resolveRelative(file, specifier) ?? []))].filter((target) => known.has(target))]))
}

/** The groups of modules that import each other in a circle, each sorted, largest first. */
export function importCircles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const circles: string[][] = []
  const visit = (module: string): void => {
    index.set(module, index.size)
    low.set(module, index.get(module)!)
    stack.push(module)
    onStack.add(module)
    for (const target of graph.get(module) ?? []) {
      if (!index.has(target)) {
        visit(target)
        low.set(module, Math.min(low.get(module)!, low.get(target)!))
      } else if (onStack.has(target)) low.set(module, Math.min(low.get(module)!, index.get(target)!))
    }
    if (low.get(module) !== index.get(module)) return
    const component: string[] = []
    for (let member = stack.pop()!; ; member = stack.pop()!) {
      onStack.delete(member)
      component.push(member)
      if (member === module) break
    }
    if (component.length > 1 || (graph.get(module) ?? []).includes(module)) circles.push(component.sort())
  }
  for (const module of [...graph.keys()].sort()) if (!index.has(module)) visit(module)
  return circles.sort((a, b) => b.length - a.length || a[0]!.localeCompare(b[0]!))
}

/** The shortest circle through the group's first module, as `a.ts → b.ts → a.ts`, to name it in a failure. */
export function circlePath(graph: ReadonlyMap<string, readonly string[]>, group: readonly string[]): string {
  const members = new Set(group)
  const start = group[0]!
  // Breadth first from the start, within the group, until an import leads back to it.
  const parent = new Map<string, string | undefined>([[start, undefined]])
  const queue = [start]
  for (const module of queue) {
    for (const target of graph.get(module) ?? []) {
      if (target === start) {
        const path = [start]
        for (let step: string | undefined = module; step !== undefined; step = parent.get(step)) path.unshift(step)
        return path.join(' → ')
      }
      if (members.has(target) && !parent.has(target)) {
        parent.set(target, module)
        queue.push(target)
      }
    }
  }
  return group.join(' ↔ ')
}
