// The CLI's static command model (what `capstan --help` reads without loading
// zod or the descriptors) is generated from the catalog and must not go stale.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { capabilityCatalog } from '../../src/capabilities/catalog.js'
import { generatedCommands } from '../../src/cli/generated/cli-commands.js'
import { generatedCliFiles } from '../../src/cli/generated/generated-cli-files.js'

describe('src/cli/generated/cli-commands.ts', () => {
  it('is what scripts/generate-cli.ts writes now (run it when this fails)', () => {
    const model = generatedCliFiles().find((file) => file.path === 'src/cli/generated/cli-commands.ts')
    const committed = readFileSync(new URL('../../src/cli/generated/cli-commands.ts', import.meta.url), 'utf8')
    expect(committed === model?.text, 'stale: run `npx tsx scripts/generate-cli.ts`').toBe(true)
  })

  it('has one command per capability, in catalog order, with local as a provider of what the local plugin serves', () => {
    expect(generatedCommands.map((c) => c.id)).toEqual(capabilityCatalog.map((d) => d.id))
    expect(generatedCommands.find((c) => c.id === 'command.execute')?.providers).toContain('local')
    expect(generatedCommands.find((c) => c.id === 'package.install')?.providers).not.toContain('local')
  })
})
