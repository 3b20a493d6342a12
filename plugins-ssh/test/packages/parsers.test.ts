import { describe, expect, it } from 'vitest'
import { parseAptSearch, parseDpkgQuery } from '../../src/packages/apt.js'
import { parseApkList, parsePkgInfoName } from '../../src/packages/apk.js'
import { parseDnfList } from '../../src/packages/dnf-list.js'
import { pickPackageManager } from '../../src/packages/detect-package-manager.js'
import { SECTION_MARKER } from '../../src/packages/output-lines.js'
import { packageFilter } from '../../src/packages/package-filter.js'
import { changedPackages, installedVersion } from '../../src/packages/package-versions.js'
import { parsePacmanQuery, parsePacmanSearch } from '../../src/packages/pacman.js'
import { parseRpmQuery } from '../../src/packages/rpm-query.js'
import { parseZypperSearch } from '../../src/packages/zypper.js'

describe('apt parsers', () => {
  it('keeps only installed packages from dpkg-query (ii, hi), not rc or un', () => {
    const out = 'adduser\t3.134\tall\tii \nbash\t5.2.15-2+b8\tamd64\tii \nlibfoo1\t1.0-1\tamd64\trc \nold\t\t\tun \nheld\t2:1.2~rc1-3\tarm64\thi \n'
    expect(parseDpkgQuery(out)).toEqual([
      { name: 'adduser', version: '3.134', arch: 'all', manager: 'apt', status: 'installed' },
      { name: 'bash', version: '5.2.15-2+b8', arch: 'amd64', manager: 'apt', status: 'installed' },
      { name: 'held', version: '2:1.2~rc1-3', arch: 'arm64', manager: 'apt', status: 'installed' },
    ])
  })

  it('reads apt-cache search --full records and marks installed and upgradable ones', () => {
    const out = [
      'Package: nginx',
      'Version: 1.22.1-9',
      'Architecture: amd64',
      'Package: nginx-common',
      'Version: 1.22.1-9',
      'Architecture: all',
      'Package: nginx',
      'Version: 1.22.1-8',
      'Architecture: amd64',
      'Package: libnginx-mod-http-geoip',
      'Version: 1.22.1-9',
      'Architecture: amd64',
      SECTION_MARKER,
      'nginx\t1.22.1-9\tamd64\tii ',
      'nginx-common\t1.22.1-8\tall\tii ',
      'bash\t5.2.15-2+b8\tamd64\tii ',
      '',
    ].join('\n')
    expect(parseAptSearch(out)).toEqual([
      { name: 'nginx', version: '1.22.1-9', arch: 'amd64', manager: 'apt', status: 'installed' },
      { name: 'nginx-common', version: '1.22.1-8', arch: 'all', manager: 'apt', status: 'upgradable', availableVersion: '1.22.1-9' },
      { name: 'libnginx-mod-http-geoip', version: '1.22.1-9', arch: 'amd64', manager: 'apt', status: 'available' },
    ])
  })

  it('turns the failure marker of the search pipeline into an error', () => {
    expect(() => parseAptSearch('capstan-search-failed\ncapstan-installed-packages\n')).toThrow(/apt-cache search failed/)
  })
})

describe('rpm parsers', () => {
  it('reads rpm -qa --qf output with epochs, skipping gpg-pubkey and (none) arch', () => {
    const out = 'bash\t5.1.8-9.el9\tx86_64\nopenssl\t1:3.0.7-27.el9\tx86_64\ngpg-pubkey\t8483c65d-5ccc5b19\t(none)\ntzdata\t2024a-1.el9\tnoarch\n'
    expect(parseRpmQuery(out, 'dnf')).toEqual([
      { name: 'bash', version: '5.1.8-9.el9', arch: 'x86_64', manager: 'dnf', status: 'installed' },
      { name: 'openssl', version: '1:3.0.7-27.el9', arch: 'x86_64', manager: 'dnf', status: 'installed' },
      { name: 'tzdata', version: '2024a-1.el9', arch: 'noarch', manager: 'dnf', status: 'installed' },
    ])
  })

  it('ignores the "is not installed" lines of rpm -q', () => {
    expect(parseRpmQuery('package nope is not installed\nbash\t5.1.8-9.el9\tx86_64\n', 'yum')).toEqual([
      { name: 'bash', version: '5.1.8-9.el9', arch: 'x86_64', manager: 'yum', status: 'installed' },
    ])
  })

  it('reads dnf list --all output, wrapped rows and dnf5 headers included', () => {
    const dnf4 = [
      'Last metadata expiration check: 0:12:01 ago on Tue 14 May 2024 10:00:00 AM UTC.',
      'Installed Packages',
      'nginx.x86_64                       1:1.20.1-14.el9_2.1            @appstream',
      'nginx-filesystem.noarch            1:1.20.1-14.el9_2.1            @appstream',
      'Available Packages',
      'nginx.x86_64                       1:1.20.1-16.el9_4.1            appstream',
      'nginx-all-modules-with-a-very-long-name.noarch',
      '                                   1:1.20.1-16.el9_4.1            appstream',
      'pcp-pmda-nginx.x86_64              6.2.0-2.el9                    appstream',
      '',
    ].join('\n')
    expect(parseDnfList(dnf4, 'dnf')).toEqual([
      { name: 'nginx', version: '1:1.20.1-14.el9_2.1', arch: 'x86_64', source: 'appstream', manager: 'dnf', status: 'upgradable', availableVersion: '1:1.20.1-16.el9_4.1' },
      { name: 'nginx-filesystem', version: '1:1.20.1-14.el9_2.1', arch: 'noarch', source: 'appstream', manager: 'dnf', status: 'installed' },
      { name: 'nginx-all-modules-with-a-very-long-name', version: '1:1.20.1-16.el9_4.1', arch: 'noarch', source: 'appstream', manager: 'dnf', status: 'available' },
      { name: 'pcp-pmda-nginx', version: '6.2.0-2.el9', arch: 'x86_64', source: 'appstream', manager: 'dnf', status: 'available' },
    ])
    const dnf5 = 'Installed packages\nbash.x86_64 5.2.26-3.fc40 <unknown>\nAvailable packages\nbash-color-prompt.noarch 0.4.1-1.fc40 fedora\n'
    expect(parseDnfList(dnf5, 'dnf').map((p) => [p.name, p.status])).toEqual([
      ['bash', 'installed'],
      ['bash-color-prompt', 'available'],
    ])
  })
})

describe('zypper search parser', () => {
  it('reads the --details table', () => {
    const out = [
      'S  | Name        | Type       | Version             | Arch   | Repository',
      '---+-------------+------------+---------------------+--------+-------------------------',
      'i+ | vim         | package    | 9.0.2103-1.1        | x86_64 | Main Repository (OSS)',
      'v  | vim         | package    | 9.0.2120-1.1        | x86_64 | Main Update Repository',
      '   | vim-data    | package    | 9.0.2103-1.1        | noarch | Main Repository (OSS)',
      '   | vim         | srcpackage | 9.0.2103-1.1        | noarch | Source Repository',
      'i  | vim-small   | package    | 9.0.2103-1.1        | x86_64 | (System Packages)',
    ].join('\n')
    expect(parseZypperSearch(out)).toEqual([
      { name: 'vim', version: '9.0.2103-1.1', arch: 'x86_64', source: 'Main Repository (OSS)', manager: 'zypper', status: 'installed' },
      { name: 'vim-data', version: '9.0.2103-1.1', arch: 'noarch', source: 'Main Repository (OSS)', manager: 'zypper', status: 'available' },
      { name: 'vim-small', version: '9.0.2103-1.1', arch: 'x86_64', source: '(System Packages)', manager: 'zypper', status: 'installed' },
    ])
  })
})

describe('apk parsers', () => {
  const out = [
    'busybox-1.36.1-r15 x86_64 {busybox} (GPL-2.0-only) [installed]',
    'musl-1.2.4_git20230717-r4 x86_64 {musl} (MIT) [upgradable from: musl-1.2.4_git20230717-r3]',
    'py3-setuptools-68.2.2-r0 noarch {py3-setuptools} (MIT)',
    'ca-certificates-bundle-20240226-r0 x86_64 {ca-certificates} (MPL-2.0 AND MIT) [installed]',
    'WARNING: opening /etc/apk/repositories: No such file',
  ].join('\n')

  it('reads apk list, with upgradable and available packages', () => {
    expect(parseApkList(out)).toEqual([
      { name: 'busybox', version: '1.36.1-r15', arch: 'x86_64', manager: 'apk', status: 'installed' },
      { name: 'musl', version: '1.2.4_git20230717-r3', arch: 'x86_64', manager: 'apk', status: 'upgradable', availableVersion: '1.2.4_git20230717-r4' },
      { name: 'py3-setuptools', version: '68.2.2-r0', arch: 'noarch', manager: 'apk', status: 'available' },
      { name: 'ca-certificates-bundle', version: '20240226-r0', arch: 'x86_64', manager: 'apk', status: 'installed' },
    ])
  })

  it('keeps only installed versions for apk list --installed', () => {
    expect(parseApkList(out, true).map((p) => `${p.name}=${p.version}`)).toEqual(['busybox=1.36.1-r15', 'musl=1.2.4_git20230717-r3', 'ca-certificates-bundle=20240226-r0'])
  })

  it('reads the name in .PKGINFO', () => {
    expect(parsePkgInfoName('# Generated by abuild 3.12.0\npkgname = hello-capstan\npkgver = 1.0-r0\narch = noarch\n')).toBe('hello-capstan')
  })
})

describe('pacman parsers', () => {
  it('reads pacman -Q', () => {
    expect(parsePacmanQuery('bash 5.2.026-2\nlinux 6.8.9.arch1-1\n')).toEqual([
      { name: 'bash', version: '5.2.026-2', manager: 'pacman', status: 'installed' },
      { name: 'linux', version: '6.8.9.arch1-1', manager: 'pacman', status: 'installed' },
    ])
  })

  it('reads pacman -Ss, descriptions skipped', () => {
    const out = [
      'core/linux 6.8.9.arch1-2 [installed: 6.8.9.arch1-1]',
      '    The Linux kernel and modules',
      'extra/nginx 1.26.0-1 [installed]',
      '    Lightweight HTTP server and IMAP/POP3 proxy server',
      'extra/nginx-mainline 1.25.5-1 (web) ',
      '    Lightweight HTTP server and IMAP/POP3 proxy server, mainline release',
    ].join('\n')
    expect(parsePacmanSearch(out)).toEqual([
      { name: 'linux', source: 'core', manager: 'pacman', version: '6.8.9.arch1-1', status: 'upgradable', availableVersion: '6.8.9.arch1-2' },
      { name: 'nginx', source: 'extra', manager: 'pacman', version: '1.26.0-1', status: 'installed' },
      { name: 'nginx-mainline', source: 'extra', manager: 'pacman', version: '1.25.5-1', status: 'available' },
    ])
  })
})

describe('detection and versions', () => {
  it('prefers apt-get, then dnf over yum', () => {
    expect(pickPackageManager(['dnf', 'apt-get'])).toBe('apt')
    expect(pickPackageManager(['yum', 'dnf'])).toBe('dnf')
    expect(pickPackageManager(['yum'])).toBe('yum')
    expect(pickPackageManager(['pacman'])).toBe('pacman')
    expect(pickPackageManager([])).toBeUndefined()
  })

  it('finds versions by name or arch-qualified name', () => {
    const installed = [{ name: 'libc6', version: '2.36-9', arch: 'amd64', status: 'installed' as const }]
    expect(installedVersion(installed, 'libc6')).toBe('2.36-9')
    expect(installedVersion(installed, 'libc6:amd64')).toBe('2.36-9')
    expect(installedVersion(installed, 'libc6:i386')).toBeNull()
  })

  it('lists added, removed and changed packages between two lists', () => {
    const before = [
      { name: 'a', version: '1' },
      { name: 'b', version: '1' },
      { name: 'c', version: '1' },
    ]
    const after = [
      { name: 'a', version: '1' },
      { name: 'b', version: '2' },
      { name: 'd', version: '1' },
    ]
    expect(changedPackages(before, after)).toEqual([
      { name: 'b', before: '1', after: '2' },
      { name: 'c', before: '1', after: null },
      { name: 'd', before: null, after: '1' },
    ])
  })
})

describe('packageFilter', () => {
  it('matches substrings, ignoring case', () => {
    const f = packageFilter('SSL')
    expect(['openssl', 'libssl3', 'bash'].filter(f)).toEqual(['openssl', 'libssl3'])
  })

  it('matches whole names against globs', () => {
    expect(['libc6', 'libcap2', 'glibc', 'lib.c'].filter(packageFilter('lib?6'))).toEqual(['libc6'])
    expect(['libc6', 'libcap2', 'glibc'].filter(packageFilter('lib*'))).toEqual(['libc6', 'libcap2'])
    expect(['a1', 'b1', 'c1'].filter(packageFilter('[ab]1'))).toEqual(['a1', 'b1'])
    expect(['a1', 'b1', 'c1'].filter(packageFilter('[!ab]1'))).toEqual(['c1'])
    expect(['x.y', 'xzy'].filter(packageFilter('x.*'))).toEqual(['x.y'])
  })

  it('matches a glob of many stars against a long name without backtracking (RE2: nothing here is timed)', () => {
    const glob = packageFilter('*a*a*a*a*a*a*a*a*a*a*a*a*b')
    expect(glob('a'.repeat(1000))).toBe(false)
    expect(glob(`${'a'.repeat(1000)}b`)).toBe(true)
  })

  it('refuses a class RE2 cannot read as the caller\'s VALIDATION_ERROR naming filter', () => {
    expect(() => packageFilter('lib[z-a]*')).toThrow(expect.objectContaining({ code: 'VALIDATION_ERROR', details: expect.objectContaining({ field: 'filter' }) }))
  })
})
