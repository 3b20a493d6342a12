import type { HealthCheckOutcome, SourceNode } from 'capstan'
import { thrownMessage } from 'capstan/plugin-kit'

/** What stops working while Bolt's inventory does not parse. */
const INVENTORY_CAPABILITIES = ['inventory.list', 'inventory.get', 'inventory.groups', 'inventory.filter']

/** What the health check asks Bolt. */
export interface BoltHealthProbe {
  /** The Bolt project directory, reported in `details.projectDir`. */
  projectDir: string
  /** `bolt --version`: throws when Bolt does not run. */
  version(): Promise<string>
  /** The targets of the inventory (`bolt inventory show`). */
  nodes(): Promise<SourceNode[]>
}

/**
 * Health from Bolt itself: its version and the number of targets in the
 * inventory. A Bolt that does not answer `--version` throws, and the host
 * reports the plugin unhealthy; an inventory that does not parse makes the
 * plugin degraded, with the inventory capabilities failing.
 */
export async function boltHealth(probe: BoltHealthProbe): Promise<HealthCheckOutcome> {
  const version = await probe.version()
  try {
    const nodes = await probe.nodes()
    return { message: `Bolt ${version}, ${nodes.length} targets`, details: { bolt: version, projectDir: probe.projectDir, targets: nodes.length } }
  } catch (error) {
    return {
      status: 'degraded',
      message: `Bolt ${version} runs, but the inventory does not parse: ${thrownMessage(error)}`,
      details: { bolt: version, projectDir: probe.projectDir },
      failingCapabilities: [...INVENTORY_CAPABILITIES],
    }
  }
}
