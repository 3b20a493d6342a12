import { FACTS_SECTION_MARKER } from './remote-facts-script.js'

const MARKER_LINE = new RegExp(`^${FACTS_SECTION_MARKER} ([a-z0-9-]+)$`)

/**
 * The sections of the remote facts script's output by name, each with
 * its trailing blank lines removed. Text before the first marker (a login
 * banner, a profile's echo) is ignored; when a name repeats, the first wins.
 */
export function splitFactsSections(output: string): Map<string, string> {
  const sections = new Map<string, string>()
  let name: string | undefined
  let lines: string[] = []
  const close = (): void => {
    if (name !== undefined && !sections.has(name)) sections.set(name, lines.join('\n').trimEnd())
  }
  for (const line of output.split(/\r?\n/)) {
    const match = MARKER_LINE.exec(line)
    if (match?.[1] === undefined) {
      lines.push(line)
      continue
    }
    close()
    name = match[1]
    lines = []
  }
  close()
  return sections
}
