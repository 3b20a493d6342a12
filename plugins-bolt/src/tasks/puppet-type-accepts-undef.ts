/** Puppet types that accept a missing value (undef) on their own. */
const UNDEF_TYPES = new Set(['Any', 'Undef', 'Optional', 'Data', 'RichData'])

/**
 * Whether a Puppet type string accepts undef, which is what makes a task
 * parameter optional for Bolt (Puppet's Struct rule): `Optional[...]`,
 * `Undef`, `Any`, `Data`, `RichData`, or a `Variant[...]` with such a member.
 * `NotUndef`, type aliases and everything else do not.
 * A parameter without a type is `Any`, so pass undefined for it.
 */
export function puppetTypeAcceptsUndef(type: string | undefined): boolean {
  if (type === undefined) return true
  const text = type.trim()
  const open = text.indexOf('[')
  const base = (open < 0 ? text : text.slice(0, open)).trim()
  if (UNDEF_TYPES.has(base)) return true
  if (base !== 'Variant' || open < 0 || !text.endsWith(']')) return false
  return topLevelParts(text.slice(open + 1, -1)).some((member) => puppetTypeAcceptsUndef(member))
}

/** Splits `A, B[C, D], E` on the commas outside brackets. */
function topLevelParts(list: string): string[] {
  const parts: string[] = []
  let depth = 0
  let start = 0
  for (let index = 0; index < list.length; index++) {
    const character = list[index]
    if (character === '[') depth++
    else if (character === ']') depth--
    else if (character === ',' && depth === 0) {
      parts.push(list.slice(start, index))
      start = index + 1
    }
  }
  parts.push(list.slice(start))
  return parts.filter((part) => part.trim() !== '')
}
