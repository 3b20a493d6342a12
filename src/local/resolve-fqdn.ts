import { readOptionalFile } from './read-optional-file.js'

/** Where {@link resolveFqdn} looks; tests point these at temp files. */
export interface ResolveFqdnOptions {
  /** Defaults to `/etc/hosts`. */
  hostsPath?: string
  /** Defaults to `/etc/resolv.conf`. */
  resolvConfPath?: string
}

/** A host's fully qualified name, and its DNS domain when one is known. */
export interface ResolvedFqdn {
  fqdn: string
  domain?: string
}

/**
 * The fully qualified name of `hostname`, found the way Facter does without
 * asking a DNS server: a dotted hostname is already qualified; else a name in
 * the hosts file that extends it (`10.0.0.5 web01.example.com web01`); else
 * the domain of resolv.conf's last `domain` or `search` line; else the hostname
 * alone, with no domain.
 */
export async function resolveFqdn(hostname: string, options: ResolveFqdnOptions = {}): Promise<ResolvedFqdn> {
  const dot = hostname.indexOf('.')
  if (dot > 0) return { fqdn: hostname, domain: hostname.slice(dot + 1) }

  const hosts = await readOptionalFile(options.hostsPath ?? '/etc/hosts')
  const fromHosts = hosts === undefined ? undefined : fqdnFromHosts(hosts, hostname)
  if (fromHosts) return { fqdn: fromHosts, domain: fromHosts.slice(hostname.length + 1) }

  const resolvConf = await readOptionalFile(options.resolvConfPath ?? '/etc/resolv.conf')
  const domain = resolvConf === undefined ? undefined : domainFromResolvConf(resolvConf)
  return domain ? { fqdn: `${hostname}.${domain}`, domain } : { fqdn: hostname }
}

function fqdnFromHosts(hosts: string, hostname: string): string | undefined {
  const prefix = `${hostname.toLowerCase()}.`
  for (const raw of hosts.split('\n')) {
    const names = (raw.split('#')[0] ?? '').trim().split(/\s+/).slice(1)
    if (!names.some((name) => name.toLowerCase() === hostname.toLowerCase())) continue
    const qualified = names.find((name) => name.toLowerCase().startsWith(prefix) && name.length > prefix.length)
    if (qualified) return qualified.replace(/\.$/, '')
  }
  return undefined
}

function domainFromResolvConf(text: string): string | undefined {
  let search: string | undefined
  for (const raw of text.split('\n')) {
    const [keyword, first] = (raw.split(/[#;]/)[0] ?? '').trim().split(/\s+/)
    // resolv(5): the last `domain` or `search` line wins, so keep scanning.
    if ((keyword === 'domain' || keyword === 'search') && first) search = first
  }
  return search?.replace(/\.$/, '')
}
