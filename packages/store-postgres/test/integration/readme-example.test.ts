// The README's example is examples/readme.ts, and it runs as it is against
// the real PostgreSQL the suites use (in a schema of its own).
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { needs } from '@capstan/test-support/requirement'
import { journalPostgres, pgUrl, testPool, testSchema } from './journal-postgres.js'

const packageDir = fileURLToPath(new URL('../../', import.meta.url))
const repoDir = fileURLToPath(new URL('../../../../', import.meta.url))

describe('README example', () => {
  it('is examples/readme.ts, word for word', () => {
    const readme = readFileSync(`${packageDir}README.md`, 'utf8')
    const block = /## Example\n\n.*\n\n```ts\n([\s\S]*?)```/.exec(readme)?.[1]
    expect(block).toBe(readFileSync(`${packageDir}examples/readme.ts`, 'utf8'))
  })

  needs(journalPostgres).it('runs against the real PostgreSQL: appends once, and nothing when run again', { timeout: 60_000 }, async () => {
    const schema = testSchema()
    const run = () => promisify(execFile)(process.execPath, ['--import', 'tsx', 'packages/store-postgres/examples/readme.ts'], { cwd: repoDir, env: { ...process.env, JOURNAL_PG_URL: pgUrl(), JOURNAL_PG_SCHEMA: schema }, timeout: 50_000 })
    const first = await run()
    expect(first.stdout).toContain('1 new')
    expect(first.stdout).toContain("[ 'uptime: success (exit 0)' ]")
    expect((await run()).stdout).toContain('0 new')
    const { rows } = await testPool(1).query<{ id: string }>(`SELECT id FROM "${schema}".journal_entries`)
    expect(rows.map((r) => r.id)).toEqual(['run-7:web01'])
  })
})
