import { facterOsFamily, facterOsName } from './facter-os-names.js'

/** What {@link osFacts} needs to know about the running system. */
export interface OsFactsInput {
  /** Parsed os-release, or `undefined` when the system has none (macOS, Windows, minimal images). */
  osRelease: Record<string, string> | undefined
  /** `os.type()`: `Linux`, `Darwin`, `Windows_NT`. */
  type: string
  /** `os.release()`: the kernel release. */
  kernelRelease: string
  /** `os.machine()`: `x86_64`, `aarch64`, ... */
  machine: string
  /** Contents of `/etc/debian_version`, which is where Debian keeps its point release. */
  debianVersion?: string | undefined
}

/** Debian names architectures after its packages (`dpkg --print-architecture`), and Facter follows it there. */
const DEBIAN_ARCHITECTURES: Record<string, string> = {
  x86_64: 'amd64',
  aarch64: 'arm64',
  i386: 'i386',
  i686: 'i386',
  armv7l: 'armhf',
  ppc64le: 'ppc64el',
  s390x: 's390x',
  riscv64: 'riscv64',
}

/** Facter's `release` structure: `12.11` → `{ full: '12.11', major: '12', minor: '11' }`. */
function releaseOf(full: string, majorIsFull = false): Record<string, string> {
  const [major = full, minor] = full.split('.')
  if (majorIsFull) return { full, major: full }
  return minor === undefined ? { full, major } : { full, major, minor }
}

/**
 * Facter-shaped `os` facts: `name`, `family`, `release`, `architecture`,
 * `hardware` and `distro` from os-release; without one, name and family are
 * the kernel's (`Darwin`, `windows`) and the release is the kernel release.
 */
export function osFacts(input: OsFactsInput): Record<string, unknown> {
  const { osRelease, machine } = input
  const id = osRelease?.['ID']
  if (!osRelease || !id) {
    const name = input.type === 'Windows_NT' ? 'windows' : input.type
    return { name, family: name, release: releaseOf(input.kernelRelease), architecture: machine, hardware: machine }
  }
  const name = facterOsName(id)
  const family = facterOsFamily(id, osRelease['ID_LIKE'])
  // Debian's os-release only says "12"; the point release is in debian_version
  // (when it is a number: testing says "trixie/sid").
  const debianVersion = input.debianVersion?.trim()
  const full = id === 'debian' && debianVersion && /^\d+(\.\d+)*$/.test(debianVersion) ? debianVersion : (osRelease['VERSION_ID'] ?? osRelease['BUILD_ID'])
  // Facter keeps Ubuntu's "22.04" whole as the major release: it is one version, not 22 point 4.
  const release = full === undefined ? undefined : releaseOf(full, id === 'ubuntu')
  const codename = osRelease['VERSION_CODENAME'] ?? osRelease['UBUNTU_CODENAME']
  const description = osRelease['PRETTY_NAME']
  return {
    name,
    family,
    ...(release ? { release } : {}),
    architecture: family === 'Debian' ? (DEBIAN_ARCHITECTURES[machine] ?? machine) : machine,
    hardware: machine,
    distro: {
      id: name,
      ...(release ? { release } : {}),
      ...(codename ? { codename } : {}),
      ...(description ? { description } : {}),
    },
  }
}
