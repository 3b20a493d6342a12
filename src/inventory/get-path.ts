/**
 * Looks up a dotted path (`os.release.major`) in nested objects. A segment
 * that is a whole number also indexes arrays (`disks.0.size`). Returns
 * undefined as soon as a step is missing or is not an object.
 */
export function getPath(value: unknown, path: string): unknown {
  let current = value
  for (const segment of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined
    // Own properties only, so 'constructor' or '__proto__' never reach the prototype.
    if (!Object.hasOwn(current, segment)) return undefined
    current = (current as Record<string, unknown>)[segment]
  }
  return current
}
