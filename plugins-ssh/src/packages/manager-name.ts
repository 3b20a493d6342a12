/** The package managers the SSH plugin knows how to drive, in detection preference order. */
export const managerNames = ['apt', 'dnf', 'yum', 'zypper', 'apk', 'pacman'] as const

/** A package manager the SSH plugin knows how to drive. */
export type ManagerName = (typeof managerNames)[number]

/** True when `name` is one of {@link managerNames}. */
export function isManagerName(name: string): name is ManagerName {
  return (managerNames as readonly string[]).includes(name)
}
