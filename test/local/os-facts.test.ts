import { describe, expect, it } from 'vitest'
import { osFacts } from '../../src/local/os-facts.js'

const linux = { type: 'Linux', kernelRelease: '6.1.0-18-amd64', machine: 'x86_64' }

describe('osFacts', () => {
  it('matches what Facter reported on Debian 12 (task_run_facts sample)', () => {
    const facts = osFacts({
      ...linux,
      osRelease: { ID: 'debian', VERSION_ID: '12', VERSION_CODENAME: 'bookworm', PRETTY_NAME: 'Debian GNU/Linux 12 (bookworm)' },
      debianVersion: '12.11\n',
    })
    const release = { full: '12.11', major: '12', minor: '11' }
    expect(facts).toEqual({
      name: 'Debian',
      family: 'Debian',
      release,
      architecture: 'amd64',
      hardware: 'x86_64',
      distro: { id: 'Debian', release, codename: 'bookworm', description: 'Debian GNU/Linux 12 (bookworm)' },
    })
  })

  it('ignores a debian_version that is not a number (testing, sid)', () => {
    const facts = osFacts({ ...linux, osRelease: { ID: 'debian', VERSION_ID: '13' }, debianVersion: 'trixie/sid' })
    expect(facts['release']).toEqual({ full: '13', major: '13' })
  })

  it('uses the machine name as architecture outside the Debian family', () => {
    const facts = osFacts({ ...linux, machine: 'aarch64', osRelease: { ID: 'rocky', VERSION_ID: '9.3', PRETTY_NAME: 'Rocky Linux 9.3 (Blue Onyx)' } })
    expect(facts).toMatchObject({ name: 'Rocky', family: 'RedHat', architecture: 'aarch64', release: { full: '9.3', major: '9', minor: '3' } })
  })

  it("keeps Ubuntu's release whole as the major version, like Facter", () => {
    const facts = osFacts({ ...linux, osRelease: { ID: 'ubuntu', VERSION_ID: '22.04', UBUNTU_CODENAME: 'jammy' } })
    expect(facts).toMatchObject({ family: 'Debian', release: { full: '22.04', major: '22.04' }, distro: { codename: 'jammy' } })
  })

  it('falls back to the kernel without an os-release', () => {
    expect(osFacts({ osRelease: undefined, type: 'Darwin', kernelRelease: '23.4.0', machine: 'arm64' })).toEqual({
      name: 'Darwin',
      family: 'Darwin',
      release: { full: '23.4.0', major: '23', minor: '4' },
      architecture: 'arm64',
      hardware: 'arm64',
    })
    expect(osFacts({ osRelease: {}, type: 'Windows_NT', kernelRelease: '10.0.22631', machine: 'x86_64' })).toMatchObject({ family: 'windows' })
  })

  it('omits the release when os-release gives none (rolling distributions)', () => {
    const facts = osFacts({ ...linux, osRelease: { ID: 'arch', PRETTY_NAME: 'Arch Linux' } })
    expect(facts['release']).toBeUndefined()
    expect(facts).toMatchObject({ name: 'Archlinux', family: 'Archlinux', distro: { id: 'Archlinux', description: 'Arch Linux' } })
  })
})
