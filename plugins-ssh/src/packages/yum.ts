import { yumFamily } from './rpm-family.js'

/** yum (RHEL/CentOS 7 and older): rpm for what is installed, `yum list all` to search by name. */
export const yum = yumFamily('yum', { listAll: ['list', 'all'], updateVerb: 'update' })
