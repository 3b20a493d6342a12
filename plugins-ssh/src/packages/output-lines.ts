/** The non-empty lines of a command's output, without trailing `\r`. */
export function outputLines(stdout: string): string[] {
  return stdout
    .split('\n')
    .map((line) => line.replace(/\r$/, ''))
    .filter((line) => line.trim() !== '')
}

/** Printed by search commands whose pipeline would otherwise hide the tool's failure. */
export const SEARCH_FAILED_MARKER = 'capstan-search-failed'

/** Separates two parts of one command's output (search results, then installed packages). */
export const SECTION_MARKER = 'capstan-installed-packages'

/** The first word of a command's output, or undefined when it printed nothing. */
export function firstWord(stdout: string): string | undefined {
  return stdout.trim().split(/\s+/)[0] || undefined
}
