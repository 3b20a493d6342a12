import { yumFamily } from './rpm-family.js'

/** dnf (Fedora, RHEL 8+, dnf4 and dnf5): rpm for what is installed, `dnf list --all` to search by name. */
export const dnf = yumFamily('dnf', { listAll: ['list', '--all'], updateVerb: 'upgrade' })
