import { apk } from './apk.js'
import { apt } from './apt.js'
import { dnf } from './dnf.js'
import type { ManagerName } from './manager-name.js'
import type { PackageManager } from './package-manager.js'
import { pacman } from './pacman.js'
import { yum } from './yum.js'
import { zypper } from './zypper.js'

/** The description of every manager the plugin drives, by name. */
export const packageManagers: Readonly<Record<ManagerName, PackageManager>> = { apt, dnf, yum, zypper, apk, pacman }
