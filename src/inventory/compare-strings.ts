/** Code-unit order: locale-independent, so sorting gives the same result on every machine. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
