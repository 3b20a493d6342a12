/** os-release `ID`s whose Facter `os.name` is not simply the capitalised ID. */
const OS_NAMES: Record<string, string> = {
  rhel: 'RedHat',
  centos: 'CentOS',
  almalinux: 'AlmaLinux',
  ol: 'OracleLinux',
  amzn: 'Amazon',
  sles: 'SLES',
  sled: 'SLED',
  'opensuse-leap': 'OpenSuSE',
  'opensuse-tumbleweed': 'OpenSuSE',
  opensuse: 'OpenSuSE',
  linuxmint: 'LinuxMint',
  arch: 'Archlinux',
  archlinux: 'Archlinux',
}

/** os-release `ID`s mapped to Facter's `os.family`. */
const OS_FAMILIES: Record<string, string> = {
  debian: 'Debian',
  ubuntu: 'Debian',
  linuxmint: 'Debian',
  raspbian: 'Debian',
  devuan: 'Debian',
  kali: 'Debian',
  rhel: 'RedHat',
  centos: 'RedHat',
  fedora: 'RedHat',
  rocky: 'RedHat',
  almalinux: 'RedHat',
  ol: 'RedHat',
  amzn: 'RedHat',
  sles: 'Suse',
  sled: 'Suse',
  opensuse: 'Suse',
  'opensuse-leap': 'Suse',
  'opensuse-tumbleweed': 'Suse',
  suse: 'Suse',
  alpine: 'Alpine',
  arch: 'Archlinux',
  archlinux: 'Archlinux',
  manjaro: 'Archlinux',
  gentoo: 'Gentoo',
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1)
}

/**
 * Facter's `os.name` for an os-release `ID`: `rhel` → `RedHat`,
 * `debian` → `Debian`, anything unknown capitalised.
 */
export function facterOsName(id: string): string {
  const key = id.toLowerCase()
  return OS_NAMES[key] ?? capitalise(key)
}

/**
 * Facter's `os.family` for an os-release `ID`: debian and ubuntu are
 * `Debian`, rhel, centos, fedora, rocky and alma `RedHat`, sles and opensuse
 * `Suse`, and so on. An unknown ID is looked up through `ID_LIKE` (a
 * derivative names its parents there: Pop!_OS says `ubuntu debian`), and only
 * then capitalised.
 */
export function facterOsFamily(id: string, idLike = ''): string {
  const key = id.toLowerCase()
  const known = OS_FAMILIES[key]
  if (known) return known
  for (const parent of idLike.toLowerCase().split(/\s+/)) {
    const family = OS_FAMILIES[parent]
    if (family) return family
  }
  return capitalise(key)
}
