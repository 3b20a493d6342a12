/**
 * `@capstan/plugin-ssh`: Capstan's own SSH transport, in progress. This
 * release holds its building blocks: pooled ssh2 connections with
 * known_hosts checking, remote commands run and killed as a process group,
 * and inventory from ssh_config files and host lists.
 *
 * @packageDocumentation
 */
export * from './connection/index.js'
export * from './exec/index.js'
export * from './inventory/index.js'
