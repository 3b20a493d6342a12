import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { capabilityCatalog } from '../../../src/capabilities/catalog.js'
import { catalogCommands } from '../../../src/cli/generated/catalog-commands.js'
import { renderCliDocs } from '../../../src/cli/docs/index.js'

const expected = renderCliDocs(catalogCommands())

describe('docs/cli.md', () => {
  it('is up to date with the capability descriptors', async () => {
    const current = await readFile(new URL('../../../docs/cli.md', import.meta.url), 'utf8').catch(() => '(missing)')
    // A plain boolean keeps the failure message short: the whole page would drown it.
    expect(current === expected, 'docs/cli.md is stale: run `npx tsx scripts/generate-cli.ts`').toBe(true)
  })

  it('documents every capability of the catalog', () => {
    for (const descriptor of capabilityCatalog) expect(expected).toContain(`Capability \`${descriptor.id}\``)
  })
})
