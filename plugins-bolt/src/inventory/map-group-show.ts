import type { NodeGroup, SourceNode } from 'capstan'
import { z } from 'zod'
import { parseBoltOutput } from '../bolt-cli/parse-bolt-output.js'
import { groupsFromTargets } from './groups-from-targets.js'

/** The command whose output {@link parseGroupShow} reads, as named in errors. */
export const GROUP_SHOW_COMMAND = 'bolt group show --format json'

/** What `bolt group show --format json` prints: group names, `all` included, without members. */
export const BoltGroupShow = z.looseObject({ groups: z.array(z.string().min(1)) })

/**
 * The group names of `bolt group show --format json`, in Bolt's order
 * (sorted, `all` included).
 *
 * @throws CapstanError PLUGIN_ERROR naming the command and the field when the
 *   output is not what Bolt 3.x prints.
 */
export function parseGroupShow(json: unknown, pluginName?: string): string[] {
  return parseBoltOutput(BoltGroupShow, json, GROUP_SHOW_COMMAND, pluginName === undefined ? {} : { plugin: pluginName }).groups
}

/**
 * Maps `bolt group show --format json` onto {@link NodeGroup}s. Bolt prints
 * names only, so members come from `nodes` (the mapped, unfiltered
 * `bolt inventory show --detail`): see {@link groupsFromTargets}.
 *
 * @throws CapstanError PLUGIN_ERROR as {@link parseGroupShow}.
 */
export function mapGroupShow(json: unknown, nodes: readonly SourceNode[], pluginName?: string): NodeGroup[] {
  return groupsFromTargets(nodes, parseGroupShow(json, pluginName))
}
