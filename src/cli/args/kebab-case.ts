/**
 * The flag spelling of an input property: `pollIntervalMs` → `poll-interval-ms`,
 * `runAs` → `run-as`, `URLPath` → `url-path`, `snake_case` → `snake-case`.
 */
export function kebabCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .replace(/[_\s]+/g, '-')
    .toLowerCase()
}
