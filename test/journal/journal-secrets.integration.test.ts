// Issue 15: secrets never reach the journal. Real executions over SSH (an env
// value the command echoes, sudo with its password, a package installed through
// sudo), then every byte each store keeps is searched for the secrets used.
import { randomBytes } from 'node:crypto'
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createCapstan, MemoryJournalStore, openFileJournalStore, type JournalStore } from 'capstan'
import { sshPlugin } from '@capstan/plugin-ssh'
import { afterAll, beforeAll, describe, expect } from 'vitest'
import { infraEnv } from '@capstan/test-support/infra-env'
import { needs, type Requirement } from '@capstan/test-support/requirement'
import { sshdRunning } from '@capstan/test-support/sshd'
import { scratchDir } from '@capstan/test-support/scratch-dir'
import { buildTestDeb, debianPackaging, purgeLocally } from '@capstan/test-support/test-deb'
import { storedBytes } from './file/stored-bytes.js'
import { journalPostgres, openTestStore as openPostgresTestStore } from '../../packages/store-postgres/test/integration/journal-postgres.js'

const env = infraEnv()

/** A store to test, and every byte it keeps, as text. */
interface StoreUnderTest {
  name: string
  /** What the store needs besides the SSH server (its database). */
  requires?: Requirement[]
  open(): Promise<{ store: JournalStore; storedText: () => Promise<string>; dispose: () => Promise<void> }>
}

const stores: StoreUnderTest[] = [
  {
    name: 'memory',
    async open() {
      const store = new MemoryJournalStore()
      return { store, storedText: async () => JSON.stringify(await store.query({ limit: 1_000 })), dispose: () => store.close() }
    },
  },
  {
    name: 'file',
    async open() {
      const dir = scratchDir('capstan-journal-secrets-')
      const store = await openFileJournalStore({ dir })
      return { store, storedText: async () => storedBytes(dir).toString('utf8'), dispose: () => store.close() }
    },
  },
  // Every row of every table of its schema, as JSON text; the schema is dropped by dispose.
  { name: 'PostgreSQL', requires: [journalPostgres], open: openPostgresTestStore },
]

needs(sshdRunning, debianPackaging).describe('secrets never reach the journal', () => {
  const infra = env.SSH_INFRA ?? ''
  const token = `tok-${randomBytes(12).toString('hex')}`
  let password: string
  let debDir: string
  let deb: string
  const packageName = `capstan-journal-test-${randomBytes(4).toString('hex')}`

  beforeAll(() => {
    password = readFileSync(join(infra, 'sudo-password'), 'utf8').trim()
    debDir = mkdtempSync(join(tmpdir(), 'capstan-journal-deb-'))
    chmodSync(debDir, 0o755)
    deb = buildTestDeb(debDir, packageName, '3.0-1')
  })

  afterAll(() => {
    purgeLocally(packageName)
    if (debDir !== undefined) rmSync(debDir, { recursive: true, force: true })
  })

  describe.each(stores)('$name store', ({ open, requires = [] }) => {
    needs(...requires).it('keeps the entries of an echoed env value, a sudo run and a package install, and none of their secrets', { timeout: 120_000 }, async () => {
      const { store, storedText, dispose } = await open()
      try {
        const plugin = sshPlugin({
          hosts: [{ name: 'main', host: env.SSH_HOST ?? '127.0.0.1', port: Number(env.SSH_PORT ?? 2222), user: env.SSH_USER ?? 'capstan' }],
          privateKeyPath: env.SSH_KEY as string,
          knownHosts: join(infra, 'known_hosts'),
          connectTimeoutMs: 5_000,
          sudo: { password },
        })
        await using capstan = await createCapstan({ plugins: [plugin], journal: store })
        const echoed = await capstan.command.run({ targets: 'main', command: 'echo "token is $API_TOKEN"', env: { API_TOKEN: token } })
        expect(echoed.nodes[0]?.stdout).toBe(`token is ${token}\n`)
        const root = await capstan.command.run({ targets: 'main', command: 'id -u', runAs: 'root' })
        expect(root.nodes[0]).toMatchObject({ status: 'success', stdout: '0\n' })
        const installed = await capstan.packages.install({ targets: 'main', packages: [deb] }).result
        expect(installed.nodes[0], JSON.stringify(installed.nodes[0]?.error)).toMatchObject({ status: 'success' })

        const { entries } = await capstan.journal.list({ node: 'main' })
        expect(entries.map((e) => e.summary)).toEqual(['package.install: success (exit 0)', 'command.execute: success (exit 0)', 'command.execute: success (exit 0)'])
        expect(entries[0]?.body.value).toMatchObject({ manager: 'apt', changes: [{ name: packageName, before: null, after: '3.0-1' }] })
        expect(entries[2]?.body.stdout).toBe('token is [masked]\n')

        const stored = await storedText()
        expect(stored).toContain(packageName)
        for (const secret of [token, password]) expect(stored).not.toContain(secret)
      } finally {
        purgeLocally(packageName)
        await dispose()
      }
    })
  })
})
