import type { SourceRecord } from '../src/inventory/source-record.js'

/**
 * Records for `count` machines as three sources with overlapping identities
 * would report them, so every link rule is exercised:
 *
 * - `puppetdb` names each machine by FQDN, with `networking.ip` in its facts;
 * - `bolt` names it by short hostname and lists its IP as an identifier;
 * - `terraform` names it by instance id, reaches it by IP in `uri`, and
 *   carries the short hostname as an alias.
 *
 * Deterministic (no randomness), so runs compare.
 */
export function generateInventory(count: number): SourceRecord[] {
  const records: SourceRecord[] = []
  for (let i = 0; i < count; i++) {
    const short = `node${i}`
    const fqdn = `${short}.dc${i % 7}.example.com`
    const ip = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`
    const group = i % 3 === 0 ? 'web' : i % 3 === 1 ? 'db' : 'cache'
    records.push({
      source: 'puppetdb',
      node: { id: fqdn, groups: [group], facts: { fqdn, networking: { ip, fqdn }, os: { family: i % 2 === 0 ? 'Debian' : 'RedHat' } } },
    })
    records.push({ source: 'bolt', node: { id: short, uri: `${ip}:22`, identifiers: [ip], transport: 'ssh', groups: [group, 'all-bolt'], vars: { role: group } } })
    records.push({ source: 'terraform', node: { id: `i-${(0x10000000 + i).toString(16)}`, uri: `ssh://admin@${ip}:22`, aliases: [short], config: { user: 'admin' } } })
  }
  return records
}
