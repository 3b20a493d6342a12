/** Characters that make a filter a glob rather than a substring. */
const GLOB = /[*?[]/

/**
 * A predicate on package names for a `package.list` filter: a glob
 * (`lib*`, `python3-?`, `[ab]*`) must match the whole name; any other text
 * matches names containing it. Both ignore case.
 */
export function packageFilter(filter: string): (name: string) => boolean {
  if (!GLOB.test(filter)) {
    const needle = filter.toLowerCase()
    return (name) => name.toLowerCase().includes(needle)
  }
  const pattern = new RegExp(`^${globToRegExpSource(filter)}$`, 'i')
  return (name) => pattern.test(name)
}

function globToRegExpSource(glob: string): string {
  let out = ''
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string
    if (c === '*') out += '.*'
    else if (c === '?') out += '.'
    else if (c === '[') {
      const end = glob.indexOf(']', i + 2)
      if (end === -1) {
        out += '\\['
        continue
      }
      let body = glob.slice(i + 1, end)
      const negated = body.startsWith('!') || body.startsWith('^')
      if (negated) body = body.slice(1)
      out += `[${negated ? '^' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`
      i = end
    } else out += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
  }
  return out
}
