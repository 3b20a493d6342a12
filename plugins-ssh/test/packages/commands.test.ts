import { describe, expect, it } from 'vitest'
import { isCapstanError } from 'capstan'
import { detectCommand } from '../../src/packages/detect-package-manager.js'
import { packageManagers } from '../../src/packages/package-managers.js'
import { parsePackageSpecs, type PackageSpec } from '../../src/packages/package-spec.js'

const { apt, dnf, yum, zypper, apk, pacman } = packageManagers

function validationError(run: () => unknown): string {
  try {
    run()
  } catch (error) {
    if (isCapstanError(error, 'VALIDATION_ERROR')) return error.message
    throw error
  }
  throw new Error('no error thrown')
}

describe('parsePackageSpecs', () => {
  it('reads names, name=version and package files', () => {
    expect(parsePackageSpecs(['nginx', 'libc6:amd64', 'bash=5.2.15-2+b8', 'openssl=1:3.0.7~rc1', '/tmp/x.deb'], apt)).toEqual([
      { kind: 'name', name: 'nginx' },
      { kind: 'name', name: 'libc6:amd64' },
      { kind: 'name', name: 'bash', version: '5.2.15-2+b8' },
      { kind: 'name', name: 'openssl', version: '1:3.0.7~rc1' },
      { kind: 'file', path: '/tmp/x.deb' },
    ])
    expect(parsePackageSpecs(['/var/cache/x-1.0-1.x86_64.rpm'], dnf)).toEqual([{ kind: 'file', path: '/var/cache/x-1.0-1.x86_64.rpm' }])
    expect(parsePackageSpecs(['/tmp/x-1.0-1-any.pkg.tar.zst'], pacman)).toEqual([{ kind: 'file', path: '/tmp/x-1.0-1-any.pkg.tar.zst' }])
  })

  it.each([
    ['-oAPT::Get::Assume-Yes=1', /cannot start with "-"/],
    ['--allow-unauthenticated', /cannot start with "-"/],
    ['', /cannot be empty/],
    ['nginx; rm -rf /', /package name/],
    ['$(reboot)', /package name/],
    ['`id`', /package name/],
    ['a|b', /package name/],
    ['a b', /package name/],
    ['a\nb', /package name/],
    ['ngin*', /package name/],
    ["it's", /package name/],
    ['nginx=1.0;id', /version/],
    ['nginx=$(id)', /version/],
    ['nginx=', /version/],
    ['nginx=-1', /version/],
    ['=1.0', /package name/],
    ['tmp/x.deb', /package name/],
    ['/tmp/../etc/x.deb', /absolute path/],
    ['/tmp/x y.deb', /absolute path/],
    ['/tmp/$(id).deb', /absolute path/],
    ['/tmp/x.rpm', /apt installs package files ending in \.deb/],
    ['/tmp/', /absolute path/],
  ])('rejects %j', (spec, why) => {
    const message = validationError(() => parsePackageSpecs(['ok', spec], apt))
    expect(message).toMatch(why)
    expect(message).toMatch(/^packages\[1\]/)
  })

  it('refuses a version for pacman, clearly', () => {
    expect(validationError(() => parsePackageSpecs(['linux=6.8.9'], pacman))).toMatch(/pacman cannot install a given version/)
  })
})

function change(manager: (typeof packageManagers)[keyof typeof packageManagers], action: 'install' | 'uninstall' | 'update', specs: string[]) {
  return manager.changeCommand(action, parsePackageSpecs(specs, manager) as PackageSpec[])
}

describe('change commands', () => {
  it('apt: apt-get -y, non-interactive env, name=version, local files', () => {
    const c = change(apt, 'install', ['nginx', 'bash=5.2.15-2+b8', '/tmp/x.deb'])
    expect(c.env).toMatchObject({ DEBIAN_FRONTEND: 'noninteractive' })
    expect(c.command).toBe(
      "'apt-get' '-y' '-q' '-o' 'Dpkg::Options::=--force-confdef' '-o' 'Dpkg::Options::=--force-confold' '-o' 'DPkg::Lock::Timeout=300' 'install' 'nginx' 'bash=5.2.15-2+b8' '/tmp/x.deb'",
    )
    expect(change(apt, 'uninstall', ['nginx']).command).toMatch(/'remove' 'nginx'$/)
    expect(change(apt, 'update', ['nginx']).command).toMatch(/'install' '--only-upgrade' 'nginx'$/)
    expect(change(apt, 'update', []).command).toMatch(/^'apt-get' '-q' '-o' 'DPkg::Lock::Timeout=300' 'update' && 'apt-get' '-y' .* 'upgrade'$/)
  })

  it('dnf and yum: -y, name-version', () => {
    expect(change(dnf, 'install', ['nginx=1:1.20.1-16.el9', '/tmp/a.rpm']).command).toBe("'dnf' '-y' 'install' 'nginx-1:1.20.1-16.el9' '/tmp/a.rpm'")
    expect(change(dnf, 'uninstall', ['nginx']).command).toBe("'dnf' '-y' 'remove' 'nginx'")
    expect(change(dnf, 'update', []).command).toBe("'dnf' '-y' 'upgrade'")
    expect(change(yum, 'update', ['bash']).command).toBe("'yum' '-y' 'update' 'bash'")
  })

  it('zypper: --non-interactive, name=version', () => {
    expect(change(zypper, 'install', ['vim=9.0.2103-1.1']).command).toBe("'zypper' '--non-interactive' 'install' '--auto-agree-with-licenses' 'vim=9.0.2103-1.1'")
    expect(change(zypper, 'uninstall', ['vim']).command).toBe("'zypper' '--non-interactive' 'remove' 'vim'")
  })

  it('apk: add/del/upgrade, name=version', () => {
    expect(change(apk, 'install', ['curl=8.5.0-r0']).command).toBe("'apk' 'add' '--no-progress' 'curl=8.5.0-r0'")
    expect(change(apk, 'uninstall', ['curl']).command).toBe("'apk' 'del' '--no-progress' 'curl'")
    expect(change(apk, 'update', []).command).toBe("'apk' 'upgrade' '--no-progress' '--update-cache'")
  })

  it('pacman: --noconfirm, -S for names and -U for files', () => {
    expect(change(pacman, 'install', ['nginx', '/tmp/x-1-1-any.pkg.tar.zst']).command).toBe(
      "'pacman' '-S' '--noconfirm' '--needed' 'nginx' && 'pacman' '-U' '--noconfirm' '/tmp/x-1-1-any.pkg.tar.zst'",
    )
    expect(change(pacman, 'uninstall', ['nginx']).command).toBe("'pacman' '-R' '--noconfirm' 'nginx'")
    expect(change(pacman, 'update', []).command).toBe("'pacman' '-Syu' '--noconfirm'")
  })
})

describe('query commands quote what they are given', () => {
  const hostile = "x'; touch /tmp/pwned; echo '"
  it.each(Object.values(packageManagers).map((m) => [m.manager, m] as const))('%s search quotes the query', (_, manager) => {
    const command = manager.searchCommand(hostile)
    expect(command).not.toContain("x'; touch")
    expect(command).toContain(`'\\''`)
  })

  it('uses dpkg-query with an explicit format and rpm with --qf', () => {
    expect(apt.listCommand()).toBe("'dpkg-query' '-W' '-f' '${Package}\\t${Version}\\t${Architecture}\\t${db:Status-Abbrev}\\n'")
    expect(apt.installedCommand(['a', 'b'])).toMatch(/'--' 'a' 'b'$/)
    expect(dnf.listCommand()).toMatch(/^'rpm' '-qa' '--qf' /)
    expect(dnf.installedCommand(['bash'])).toMatch(/^'rpm' '-q' '--qf' .* '--' 'bash'$/)
    expect(apt.fileNameCommand('/tmp/x.deb')).toBe("'dpkg-deb' '-f' '/tmp/x.deb' 'Package'")
  })

  it('detects with one command -v loop', () => {
    expect(detectCommand()).toBe(`for p in 'apt-get' 'dnf' 'yum' 'zypper' 'apk' 'pacman'; do command -v "$p" >/dev/null 2>&1 && echo "$p"; done; true`)
  })
})
