import type { SourceNode } from 'capstan'
import { z } from 'zod'
import { parseBoltOutput } from '../bolt-cli/parse-bolt-output.js'
import { BOLT_ALL_GROUP } from './bolt-all-group.js'
import { BoltInventoryShow, BoltTargetDetail } from './bolt-inventory-show-schema.js'
import { redactUriPassword } from './redact-uri-password.js'
import { schemeTransport, stripSecrets, targetTransport } from 'capstan/plugin-kit'

/** The command whose output {@link mapInventoryShow} reads, as named in errors. */
export const INVENTORY_SHOW_COMMAND = 'bolt inventory show --format json --detail'

const TargetName = z.string().min(1)

/**
 * Maps what `bolt inventory show --format json --detail` prints onto one
 * {@link SourceNode} per target, in Bolt's order: inventory targets, then
 * ad-hoc URIs given with `-t`.
 *
 * - `id` and `name` are Bolt's target name (the URI for a target without a
 *   name, its password removed); `aliases` are Bolt's `alias` entries, so a
 *   node is found and linked by them (`first` → ssh1).
 * - `uri` is Bolt's, password removed; it is left out when Bolt has none.
 * - `transport` follows Bolt: the URI scheme, else `config.transport`, else ssh.
 * - `config` is what Bolt prints (the transport and its section, Bolt's
 *   defaults filled in) without credentials: passwords, `key-data`, tokens go;
 *   `private-key` as a path stays.
 * - `vars` and `facts` are Bolt's, already merged from the groups.
 * - `groups` are Bolt's per-target groups (ancestors included) without the
 *   implicit `all`.
 *
 * Bolt's `features` and `plugin_hooks` have no place on a node and are dropped.
 * Bolt's built-in `localhost` target is listed only when Bolt prints it (when
 * it is targeted with `-t localhost`): the inventory is what Bolt shows.
 *
 * Without `--detail` Bolt prints names only: each becomes `{ id, name }`, and
 * an ad-hoc URI also gets its `uri` and the transport of its scheme.
 *
 * @throws CapstanError PLUGIN_ERROR naming the command and the field when the
 *   output is not what Bolt 3.x prints (`details.field` like `targets[2].name`).
 */
export function mapInventoryShow(json: unknown, pluginName: string): SourceNode[] {
  const context = { plugin: pluginName }
  const shown = parseBoltOutput(BoltInventoryShow, json, INVENTORY_SHOW_COMMAND, context)
  const adhoc = new Set(shown.adhoc?.targets.filter((target): target is string => typeof target === 'string'))
  return shown.targets.map((target, index) => {
    const path = ['targets', index]
    if (typeof target === 'string') {
      const name = parseBoltOutput(TargetName, target, INVENTORY_SHOW_COMMAND, { ...context, path })
      return adhoc.has(name) ? adhocNameNode(name) : { id: name, name }
    }
    return detailNode(parseBoltOutput(BoltTargetDetail, target, INVENTORY_SHOW_COMMAND, { ...context, path }))
  })
}

function detailNode(target: BoltTargetDetail): SourceNode {
  const name = redactUriPassword(target.name)
  const uri = target.uri ?? undefined
  const config = target.config ?? undefined
  return {
    id: name,
    name,
    ...(uri === undefined ? {} : { uri: redactUriPassword(uri) }),
    aliases: [...(target.alias ?? [])],
    transport: targetTransport(uri, config?.transport),
    groups: (target.groups ?? []).filter((group) => group !== BOLT_ALL_GROUP),
    config: stripSecrets(config ?? {}),
    vars: { ...target.vars },
    facts: { ...target.facts },
  }
}

/** An ad-hoc target shown without `--detail`: its name is its URI. */
function adhocNameNode(uri: string): SourceNode {
  const safe = redactUriPassword(uri)
  const transport = schemeTransport(uri)
  return { id: safe, name: safe, uri: safe, ...(transport === undefined ? {} : { transport }) }
}
