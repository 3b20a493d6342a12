import type { Node, NodeGroup, SourceNode, TargetSpec } from 'capstan'
import { linkNodes, resolveTargets } from 'capstan/plugin-kit'
import type { CallableHandler } from './callable-handler.js'
import { settleWithin } from './settle-within.js'

/** Inventory reads the kit needs from the plugin itself: its own handlers, called directly. */
export interface OwnInventory {
  list?: CallableHandler | undefined
  groups?: CallableHandler | undefined
}

/**
 * Resolves the targets of a sample input to nodes, as a host would, but
 * from the plugin's own inventory (linked as the host links it). A name the
 * plugin's inventory does not know, or every name when it has none, becomes
 * a node of that name known only to this plugin.
 */
export class PluginNodes {
  readonly #plugin: string
  readonly #inventory: OwnInventory
  readonly #read: (handler: CallableHandler) => Promise<unknown>
  #known: Promise<{ nodes: Node[]; groups: NodeGroup[] }> | undefined

  /** @param read - calls one inventory handler with `{ refresh: false }` and its own context */
  constructor(plugin: string, inventory: OwnInventory, read: (handler: CallableHandler) => Promise<unknown>) {
    this.#plugin = plugin
    this.#inventory = inventory
    this.#read = read
  }

  /** The nodes `spec` names. */
  async resolve(spec: TargetSpec): Promise<Node[]> {
    const { nodes, groups } = await (this.#known ??= this.#load())
    const { nodes: found, unmatched } = resolveTargets(spec, nodes, groups)
    return [...found, ...unmatched.map((name) => syntheticNode(name, this.#plugin))]
  }

  async #load(): Promise<{ nodes: Node[]; groups: NodeGroup[] }> {
    const listed = this.#inventory.list === undefined ? undefined : ((await this.#read(this.#inventory.list)) as { nodes?: SourceNode[] } | undefined)
    const shown = this.#inventory.groups === undefined ? undefined : ((await this.#read(this.#inventory.groups).catch(() => undefined)) as { groups?: NodeGroup[] } | undefined)
    return { nodes: linkNodes((listed?.nodes ?? []).map((node) => ({ source: this.#plugin, node }))), groups: shown?.groups ?? [] }
  }
}

/** A node of this name that only `plugin` knows, with nothing else about it. */
export function syntheticNode(name: string, plugin: string): Node {
  return { id: name, name, aliases: [], groups: [], sources: [plugin], sourceData: { [plugin]: { id: name } } }
}

/** Reads one inventory handler within the time bound; a failure or timeout is thrown. */
export async function readWithin(run: () => Promise<unknown>, timeoutMs: number): Promise<unknown> {
  const read = await settleWithin(run, timeoutMs)
  if (read.status === 'value') return read.value
  throw read.status === 'error' ? read.error : new Error(`the inventory did not answer within ${timeoutMs} ms`)
}
