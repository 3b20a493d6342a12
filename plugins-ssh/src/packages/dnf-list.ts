import type { PackageInfo } from 'capstan'
import { outputLines } from './output-lines.js'
import type { ManagerName } from './manager-name.js'

/** A section header of `dnf list` / `yum list` ("Installed Packages", dnf5's "Available packages", ...). */
const SECTION = /^(Installed|Available|Upgradable|Updated|Extra|Obsoleting|Recently Added)\s+Packages$/i

/**
 * Packages in `dnf list --all` / `yum list all` output: `name.arch version
 * repo` rows (a long name wraps the rest of its row onto the next line)
 * under "Installed Packages" and "Available Packages". An available row for
 * an installed name makes it `upgradable`.
 */
export function parseDnfList(stdout: string, manager: ManagerName): PackageInfo[] {
  const rows: Array<{ section: string; words: string[] }> = []
  let section = ''
  let pending: string[] = []
  for (const line of outputLines(stdout)) {
    const header = SECTION.exec(line.trim())
    if (header !== null) {
      section = (header[1] as string).toLowerCase()
      pending = []
      continue
    }
    if (section === '') continue // "Last metadata expiration check", warnings
    pending.push(...line.trim().split(/\s+/))
    if (pending.length >= 3) {
      rows.push({ section, words: pending.slice(0, 3) })
      pending = []
    }
  }
  const byName = new Map<string, PackageInfo>()
  for (const { section: kind, words } of rows) {
    const [nameArch = '', version = '', repo = ''] = words
    const dot = nameArch.lastIndexOf('.')
    const name = dot > 0 ? nameArch.slice(0, dot) : nameArch
    const arch = dot > 0 ? nameArch.slice(dot + 1) : undefined
    const source = repo.replace(/^@/, '')
    const key = `${name}\0${arch ?? ''}`
    const known = byName.get(key)
    if (kind === 'installed') {
      byName.set(key, { name, version, ...(arch ? { arch } : {}), ...(source ? { source } : {}), manager, status: 'installed' })
    } else if (kind === 'available' || kind === 'upgradable' || kind === 'updated') {
      if (known === undefined) byName.set(key, { name, version, ...(arch ? { arch } : {}), ...(source ? { source } : {}), manager, status: 'available' })
      else if (known.status === 'installed' && known.version !== version) byName.set(key, { ...known, status: 'upgradable', availableVersion: version })
    }
  }
  return [...byName.values()]
}
