import { describe, expect, it } from 'vitest'
import { facterOsFamily, facterOsName } from '../../src/local/facter-os-names.js'

describe('facterOsFamily', () => {
  it.each([
    ['debian', 'Debian'],
    ['ubuntu', 'Debian'],
    ['rhel', 'RedHat'],
    ['centos', 'RedHat'],
    ['fedora', 'RedHat'],
    ['rocky', 'RedHat'],
    ['almalinux', 'RedHat'],
    ['sles', 'Suse'],
    ['opensuse-leap', 'Suse'],
    ['alpine', 'Alpine'],
    ['arch', 'Archlinux'],
    ['nixos', 'Nixos'],
  ])('maps %s to %s like Facter', (id, family) => {
    expect(facterOsFamily(id)).toBe(family)
  })

  it('follows ID_LIKE for a derivative it does not know', () => {
    expect(facterOsFamily('pop', 'ubuntu debian')).toBe('Debian')
    expect(facterOsFamily('nobara', 'fedora')).toBe('RedHat')
    expect(facterOsFamily('mystery', 'unknown too')).toBe('Mystery')
  })
})

describe('facterOsName', () => {
  it.each([
    ['debian', 'Debian'],
    ['ubuntu', 'Ubuntu'],
    ['rhel', 'RedHat'],
    ['centos', 'CentOS'],
    ['almalinux', 'AlmaLinux'],
    ['sles', 'SLES'],
    ['arch', 'Archlinux'],
    ['rocky', 'Rocky'],
  ])('names %s %s', (id, name) => {
    expect(facterOsName(id)).toBe(name)
  })
})
