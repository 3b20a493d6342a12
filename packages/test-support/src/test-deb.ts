// A tiny Debian package built by the tests (no dependencies, one doc file),
// and dpkg's view of this machine, which is the test sshd's host.
import { execFileSync } from 'node:child_process'
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { requirement } from './requirement.js'

/** True when this machine can build and install .deb files. */
export function canBuildDebs(): boolean {
  try {
    execFileSync('dpkg-deb', ['--version'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

/** Builds `<name>_<version>_all.deb` in `dir` (readable by the test user) and returns its path. */
export function buildTestDeb(dir: string, name: string, version: string): string {
  const root = join(dir, `${name}-${version}`)
  mkdirSync(join(root, 'DEBIAN'), { recursive: true })
  mkdirSync(join(root, 'usr/share/doc', name), { recursive: true })
  writeFileSync(join(root, 'usr/share/doc', name, 'README'), 'Installed by the Capstan SSH plugin tests.\n')
  writeFileSync(
    join(root, 'DEBIAN/control'),
    `Package: ${name}\nVersion: ${version}\nArchitecture: all\nMaintainer: Capstan tests <tests@example.invalid>\nDescription: Capstan SSH plugin test package\n Safe to remove.\n`,
  )
  const path = join(dir, `${name}_${version}_all.deb`)
  execFileSync('dpkg-deb', ['--root-owner-group', '--build', root, path], { stdio: 'ignore' })
  chmodSync(path, 0o644)
  return path
}

/** The installed version of `name` according to dpkg on this machine, or null. */
export function localVersion(name: string): string | null {
  try {
    const out = execFileSync('dpkg-query', ['-W', '-f', '${db:Status-Abbrev}\t${Version}', '--', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
    const [status = '', version = ''] = out.split('\t')
    return status[1] === 'i' ? version : null
  } catch {
    return null
  }
}

/** Removes `name` from this machine if a test left it installed. */
export function purgeLocally(name: string): void {
  try {
    execFileSync('dpkg', ['--purge', name], { stdio: 'ignore' })
  } catch {
    // Not installed: nothing to clean.
  }
}

/** dpkg-deb, to build the test package (a Debian host). */
export const debianPackaging = requirement(canBuildDebs(), 'dpkg-deb not installed: the package tests build a .deb (a Debian host)')
