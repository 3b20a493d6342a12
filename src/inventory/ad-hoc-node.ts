import type { Node } from '../capabilities/models/node.js'
import type { AdHocUri } from './ad-hoc-uri.js'

/**
 * The transient node of a uri target, for one call and never added to the
 * inventory: id and name are the uri in its one spelling (what RBAC patterns
 * match and the journal records), the transport is its scheme, and `config`
 * holds the host, port and user it names (what an SSH plugin reads of any
 * node). It is in no group. `sources` is the plugin chosen to serve it, so
 * that routing gives it to that plugin (the one that declares the
 * transport, or the one the caller named), and `adHoc` tells plugins it is
 * not from an inventory (the SSH plugin applies its `adHocHostKeys` policy).
 */
export function adHocNode(target: AdHocUri, plugin: string): Node {
  return {
    id: target.uri,
    name: target.uri,
    uri: target.uri,
    aliases: [],
    transport: target.transport,
    groups: [],
    sources: [plugin],
    config: { hostname: target.host, ...(target.port === undefined ? {} : { port: target.port }), ...(target.user === undefined ? {} : { user: target.user }) },
    sourceData: {},
    adHoc: true,
  }
}
