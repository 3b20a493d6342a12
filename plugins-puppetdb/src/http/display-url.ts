/**
 * The PuppetDB URL as it may appear in messages, error details, logs and the
 * circuit breaker's name: without the user name and password a URL such as
 * `https://user:secret@puppetdb:8081` carries.
 *
 * @example
 * ```ts
 * displayUrl('https://admin:s3cret@puppetdb.example:8081/') // 'https://puppetdb.example:8081'
 * ```
 */
export function displayUrl(url: string | URL): string {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    // Not a URL at all: say nothing rather than echo what may hold a secret.
    return '(invalid url)'
  }
  parsed.username = ''
  parsed.password = ''
  parsed.search = ''
  parsed.hash = ''
  return parsed.href.replace(/\/+$/, '')
}
