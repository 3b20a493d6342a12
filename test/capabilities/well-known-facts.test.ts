// WellKnownFacts describes facts as providers really produce them, and the
// well-known paths are offered by editors in a filter's facts. The first half
// holds each well-known path's type (checked against WellKnownFacts by the
// compiler) against real output: PuppetDB's and Bolt's recorded Facter facts,
// the SSH plugin's facts from its recorded samples, and this machine's local facts.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { FactValues, WellKnownFactPath, WellKnownFacts } from 'capstan'
import { gatherLocalFacts, getPath } from 'capstan/plugin-kit'
import { parseRemoteFacts } from '@capstan/plugin-ssh'
import ts from 'typescript'
import { beforeAll, describe, expect, it } from 'vitest'
import { ALPINE, DEBIAN, RHEL } from '../../plugins-ssh/test/facts/samples.js'

const root = fileURLToPath(new URL('../../', import.meta.url))

/** The type at a dotted path of T, undefined removed. */
type ValueAt<T, P extends string> = P extends `${infer Head}.${infer Rest}`
  ? Head extends keyof T ? ValueAt<NonNullable<T[Head]>, Rest> : never
  : P extends keyof T ? NonNullable<T[P]> : never
type TypeName<V> = V extends string ? 'string' : V extends number ? 'number' : V extends boolean ? 'boolean' : never

/** `typeof` of each well-known path's value; the compiler holds every entry to WellKnownFacts, and requires one per path. */
const kinds: { [P in WellKnownFactPath]: TypeName<ValueAt<WellKnownFacts, P>> } = {
  'os.name': 'string', 'os.family': 'string', 'os.release.full': 'string', 'os.release.major': 'string', 'os.release.minor': 'string',
  'os.architecture': 'string', 'os.hardware': 'string', 'os.distro.id': 'string', 'os.distro.codename': 'string',
  'os.distro.description': 'string', 'os.distro.release.full': 'string', 'os.distro.release.major': 'string',
  'os.distro.release.minor': 'string', 'os.selinux.enabled': 'boolean',
  kernel: 'string', kernelrelease: 'string', kernelversion: 'string', kernelmajversion: 'string',
  hostname: 'string', fqdn: 'string', domain: 'string', ipaddress: 'string',
  'networking.hostname': 'string', 'networking.fqdn': 'string', 'networking.domain': 'string', 'networking.primary': 'string',
  'networking.ip': 'string', 'networking.ip6': 'string', 'networking.mac': 'string', 'networking.mtu': 'number',
  'networking.netmask': 'string', 'networking.netmask6': 'string', 'networking.network': 'string', 'networking.network6': 'string',
  'networking.scope6': 'string',
  'processors.count': 'number', 'processors.physicalcount': 'number', 'processors.isa': 'string', 'processors.speed': 'string',
  'memory.system.total_bytes': 'number', 'memory.system.available_bytes': 'number', 'memory.system.used_bytes': 'number',
  'memory.system.total': 'string', 'memory.system.available': 'string', 'memory.system.used': 'string', 'memory.system.capacity': 'string',
  'memory.swap.total_bytes': 'number', 'memory.swap.available_bytes': 'number', 'memory.swap.used_bytes': 'number',
  'memory.swap.total': 'string', 'memory.swap.available': 'string', 'memory.swap.used': 'string', 'memory.swap.capacity': 'string',
  uptime_seconds: 'number', 'system_uptime.seconds': 'number', 'system_uptime.hours': 'number', 'system_uptime.days': 'number',
  'system_uptime.uptime': 'string', is_virtual: 'boolean', virtual: 'string', timezone: 'string',
}

const json = (path: string): unknown => JSON.parse(readFileSync(join(root, path), 'utf8'))

/** Facts as each provider produced them, several nodes each. */
async function factsBySource(): Promise<Record<string, FactValues[]>> {
  const puppetdb = json('plugins-puppetdb/test/fixtures/recorded/query_inventory_debian.json') as { response: { body: Array<{ facts: FactValues }> } }
  const bolt = json('plugins-bolt/test/fixtures/samples/task_run_facts.out') as { items: Array<{ status: string; value: FactValues }> }
  const ssh = [DEBIAN, ALPINE, RHEL].map((output) => parseRemoteFacts(output, { node: 'n1', source: 'ssh', gatheredAt: '2026-01-01T00:00:00.000Z' }).facts)
  return {
    'PuppetDB (recorded Facter 4 facts)': puppetdb.response.body.map((row) => row.facts),
    'Bolt (recorded facts task)': bolt.items.filter((item) => item.status === 'success').map((item) => item.value),
    'the SSH plugin (recorded Debian, Alpine and RHEL hosts)': ssh,
    'the local plugin (this machine)': [(await gatherLocalFacts()).facts],
  }
}

describe('WellKnownFacts against the facts providers produce', () => {
  let sources: Record<string, FactValues[]>
  beforeAll(async () => {
    sources = await factsBySource()
  })

  it('every source gives facts for several nodes, or this one', () => {
    expect(Object.values(sources).map((list) => list.length > 0)).toEqual([true, true, true, true])
  })

  it('a well-known path that a source has holds the type WellKnownFacts gives it, in every source', () => {
    const wrong: string[] = []
    for (const [source, list] of Object.entries(sources)) {
      for (const facts of list) {
        for (const [path, kind] of Object.entries(kinds)) {
          const value = getPath(facts, path)
          if (value !== undefined && typeof value !== kind) wrong.push(`${source}: ${path} is ${typeof value}, not ${kind}`)
        }
      }
    }
    expect(wrong).toEqual([])
  })

  it('every source has the core paths', () => {
    const core: WellKnownFactPath[] = ['os.name', 'os.family', 'os.release.full', 'kernel', 'processors.count', 'networking.hostname']
    const missing = Object.entries(sources).flatMap(([source, list]) => list.flatMap((facts) => core.filter((path) => getPath(facts, path) === undefined).map((path) => `${source}: ${path}`)))
    expect(missing).toEqual([])
  })

  it('no well-known path is invented: each is in the facts of at least one source', () => {
    const all = Object.values(sources).flat()
    expect(Object.keys(kinds).filter((path) => all.every((facts) => getPath(facts, path) === undefined))).toEqual([])
  })
})

/** The completions an editor offers at each `|` of `code`, compiled as a file of the project (one program for all of them). */
function completionsAt(code: string): string[][] {
  const config = ts.getParsedCommandLineOfConfigFile(join(root, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')) } })
  if (config === undefined) throw new Error('tsconfig.json could not be read')
  const file = join(root, 'test/capabilities/__completions__.ts')
  const parts = code.split('|')
  const text = parts.join('')
  const host: ts.LanguageServiceHost = {
    getScriptFileNames: () => [file],
    getScriptVersion: () => '1',
    getScriptSnapshot: (path) => (path === file ? ts.ScriptSnapshot.fromString(text) : ts.sys.fileExists(path) ? ts.ScriptSnapshot.fromString(ts.sys.readFile(path) ?? '') : undefined),
    getCurrentDirectory: () => root,
    getCompilationSettings: () => config.options,
    getDefaultLibFileName: ts.getDefaultLibFilePath,
    fileExists: (path) => path === file || ts.sys.fileExists(path),
    readFile: (path) => (path === file ? text : ts.sys.readFile(path)),
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
  }
  const service = ts.createLanguageService(host)
  try {
    return parts.slice(0, -1).map((_, i) => {
      const position = parts.slice(0, i + 1).join('').length
      return (service.getCompletionsAtPosition(file, position, { triggerCharacter: "'" })?.entries ?? []).map((entry) => entry.name)
    })
  } finally {
    service.dispose()
  }
}

describe('fact paths in an editor', { timeout: 60_000 }, () => {
  it("offers the well-known paths as keys of a filter's facts, and of a target filter's", () => {
    const [inFilter = [], inTargets = []] = completionsAt(`import type { Capstan } from 'capstan'
declare const capstan: Capstan
void capstan.inventory.filter({ facts: { '|' } })
void capstan.command.execute({ command: 'uptime', targets: { facts: { '|' } } })
`)
    expect(inFilter).toEqual(expect.arrayContaining(['os.family', 'networking.ip', 'memory.system.total_bytes']))
    expect(inFilter).toHaveLength(Object.keys(kinds).length)
    expect(inTargets).toContain('os.release.major')
  })
})
