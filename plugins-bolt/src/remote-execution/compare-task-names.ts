/**
 * Orders task names by code unit, as Bolt sorts its list (`facts` before
 * `sdkdemo::greet`), independent of the locale.
 */
export function compareTaskNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
