import { z } from 'zod'

/** A package as a node's package manager reports it. */
export const PackageInfo = z.object({
  name: z.string().min(1).describe('Package name'),
  version: z.string().describe('Installed version, or the candidate version when not installed'),
  arch: z.string().optional().describe('Architecture (amd64, x86_64, noarch, ...)'),
  source: z.string().optional().describe('Repository or origin it comes from'),
  manager: z.string().optional().describe('Package manager: apt, dnf, yum, zypper, apk, pacman or another'),
  status: z.enum(['installed', 'available', 'upgradable']).optional().describe('Installed, only available, or installed with a newer version available'),
  availableVersion: z.string().optional().describe('Newer version available, when upgradable'),
})
/** A package on a node. */
export type PackageInfo = z.infer<typeof PackageInfo>
