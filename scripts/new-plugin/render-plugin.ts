/**
 * The files of a new plugin package, `plugins-<name>/`, in the one shape every
 * Capstan plugin has: package.json and plugin.json (the plugin's identity,
 * typed once), `src/` with one folder per capability type plus `health/` and
 * `errors/`, `test/` mirroring `src/` with the conformance kit's test, and a
 * README whose example runs. The starting point is a working inventory plugin
 * over a list of hosts given as options; replace its inside with the backend's.
 */
export interface PluginFile {
  /** Path inside the plugin's folder. */
  path: string
  text: string
}

/** `my-backend` → `myBackend`. */
export const camelCase = (name: string) => name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase())
/** `my-backend` → `MyBackend`. */
export const pascalCase = (name: string) => camelCase(name).replace(/^[a-z]/, (c) => c.toUpperCase())

/** A plugin name: lowercase letters, digits and dashes, starting with a letter (what plugin.json accepts). */
export const PLUGIN_NAME = /^[a-z][a-z0-9-]*$/

/** The files of `plugins-<name>/`, for core version `core` (e.g. `0.1.0`). */
export function renderPlugin(name: string, core: string): PluginFile[] {
  if (!PLUGIN_NAME.test(name)) throw new Error(`"${name}" is not a plugin name: lowercase letters, digits and dashes, starting with a letter`)
  const camel = camelCase(name)
  const Pascal = pascalCase(name)
  const range = `^${core}`
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`
  return [
    {
      path: 'package.json',
      text: json({
        name: `@capstan/plugin-${name}`,
        version: '0.1.0',
        description: `${Pascal} for Capstan: inventory from a list of hosts (a starting point)`,
        license: 'Apache-2.0',
        type: 'module',
        main: './dist/index.cjs',
        types: './dist/index.d.ts',
        exports: {
          '.': { import: { types: './dist/index.d.ts', default: './dist/index.js' }, require: { types: './dist/index.d.cts', default: './dist/index.cjs' } },
          './plugin.json': './plugin.json',
          './package.json': './package.json',
        },
        files: ['dist', 'plugin.json', 'README.md'],
        capstan: { plugin: './plugin.json' },
        scripts: { build: 'tsup' },
        peerDependencies: { capstan: range },
        devDependencies: { capstan: 'file:..' },
        dependencies: { zod: '^4.1.0' },
      }),
    },
    {
      path: 'plugin.json',
      text: json({
        name,
        description: `${Pascal}: inventory from a list of hosts`,
        core: range,
        capabilities: ['inventory.list'],
        permissions: { viewer: ['inventory.*'] },
        cli: { hints: { 'inventory.list': { examples: [`capstan inventory list --plugin ${name}`] } } },
        entry: { factory: `${camel}Plugin` },
      }),
    },
    { path: 'tsup.config.ts', text: `// The build shared by every plugin workspace.\nexport { default } from '../plugin-tsup.config.js'\n` },
    { path: 'tsconfig.json', text: json({ extends: '../tsconfig.json', compilerOptions: { paths: {} }, include: ['src'] }) },
    {
      path: 'src/index.ts',
      text: `/**
 * \`@capstan/plugin-${name}\`: ${Pascal} for Capstan. {@link ${camel}Plugin} creates the plugin.
 *
 * @module \\@capstan/plugin-${name}
 */
export { ${Pascal}Plugin, ${camel}Plugin } from './${name}-plugin.js'
export { ${Pascal}PluginOptions } from './${name}-plugin-options.js'
export { ${camel}Error, type ${Pascal}ErrorReason } from './errors/${name}-error.js'
`,
    },
    {
      path: `src/${name}-plugin-options.ts`,
      text: `import { z } from 'zod'

/** Options of {@link ${camel}Plugin}; checked when the plugin is created. */
export const ${Pascal}PluginOptions = z
  .object({
    /** The plugin's name (default \`${name}\`): it keys routes, metrics and RBAC, so two instances need two names. */
    name: z.string().regex(/^[a-z][a-z0-9-]*$/).default('${name}'),
    /** The hosts it lists, by name. */
    hosts: z.array(z.string().min(1).max(253)).max(10_000).default([]),
  })
  .strict()

/** Options of {@link ${camel}Plugin}, as the caller writes them. */
export type ${Pascal}PluginOptions = z.input<typeof ${Pascal}PluginOptions>
`,
    },
    {
      path: `src/${name}-plugin.ts`,
      text: `import { BasePlugin, pluginMetadata, type CapabilityHandlers, type HealthCheckOutcome, type PluginMetadata } from 'capstan'
import { configError } from 'capstan/plugin-kit'
import type { z } from 'zod'
import pkg from '../package.json' with { type: 'json' }
import manifest from '../plugin.json' with { type: 'json' }
import { ${camel}Health } from './health/${name}-health.js'
import { listNodes } from './inventory/list-nodes.js'
import { ${Pascal}PluginOptions } from './${name}-plugin-options.js'

/** ${Pascal}: what plugin.json declares, implemented. */
export class ${Pascal}Plugin extends BasePlugin {
  readonly metadata: PluginMetadata
  readonly #hosts: readonly string[]

  constructor(options: z.output<typeof ${Pascal}PluginOptions>) {
    super()
    // Name, version, description and capabilities come from plugin.json and package.json: typed once.
    this.metadata = pluginMetadata(manifest, pkg, { name: options.name })
    this.#hosts = options.hosts
  }

  capabilities(): CapabilityHandlers {
    return {
      'inventory.list': async () => ({ nodes: listNodes(this.#hosts, this.metadata.name) }),
    }
  }

  protected async performInitialization(): Promise<void> {
    // Connect to the backend and check it answers here; throw a CapstanError to fail the start.
  }

  protected override async performHealthCheck(): Promise<HealthCheckOutcome> {
    return ${camel}Health(this.#hosts)
  }

  protected override async performDispose(): Promise<void> {
    // Close connections, stop timers and child processes here.
  }
}

/**
 * Creates the ${name} plugin.
 *
 * @throws CapstanError CONFIG_ERROR naming the option at fault.
 *
 * @example
 * \`\`\`ts
 * const capstan = await createCapstan({ plugins: [${camel}Plugin({ hosts: ['web01'] })] })
 * \`\`\`
 */
export function ${camel}Plugin(options: ${Pascal}PluginOptions = {}): ${Pascal}Plugin {
  const parsed = ${Pascal}PluginOptions.safeParse(options)
  if (!parsed.success) throw configError('${name} plugin options', parsed.error)
  return new ${Pascal}Plugin(parsed.data)
}
`,
    },
    {
      path: 'src/inventory/list-nodes.ts',
      text: `import type { SourceNode } from 'capstan'

/** The nodes of a host list: one per name, in order, without duplicates. */
export function listNodes(hosts: readonly string[], source: string): SourceNode[] {
  return [...new Set(hosts)].map((host) => ({ id: host, name: host, source }))
}
`,
    },
    {
      path: `src/health/${name}-health.ts`,
      text: `import type { HealthCheckOutcome } from 'capstan'

/** The plugin's health: degraded while it lists no host (it answers, with nothing in it). */
export function ${camel}Health(hosts: readonly string[]): HealthCheckOutcome {
  return hosts.length > 0 ? { details: { hosts: hosts.length } } : { status: 'degraded', message: 'no hosts configured (option hosts)', details: { hosts: 0 } }
}
`,
    },
    {
      path: `src/errors/${name}-error.ts`,
      text: `import { CapstanError, type ErrorCode } from 'capstan'

/** Why the backend failed, beyond the error's code: \`details.reason\`, the one key every plugin uses for it. */
export type ${Pascal}ErrorReason = 'unreachable' | 'refused' | 'bad-answer'

/** A CapstanError from this plugin: the code callers branch on, \`details.reason\` for the backend's own reason. */
export function ${camel}Error(code: ErrorCode, reason: ${Pascal}ErrorReason, message: string, details: Record<string, unknown> = {}, cause?: unknown): CapstanError {
  return new CapstanError(code, { message, details: { ...details, reason }, ...(cause === undefined ? {} : { cause }) })
}
`,
    },
    {
      path: 'test/inventory/list-nodes.test.ts',
      text: `import { describe, expect, it } from 'vitest'
import { listNodes } from '../../src/inventory/list-nodes.js'

describe('listNodes', () => {
  it('lists each host once, in order, with its source', () => {
    expect(listNodes(['web01', 'db01', 'web01'], '${name}')).toEqual([
      { id: 'web01', name: 'web01', source: '${name}' },
      { id: 'db01', name: 'db01', source: '${name}' },
    ])
  })
})
`,
    },
    {
      path: `test/health/${name}-health.test.ts`,
      text: `import { describe, expect, it } from 'vitest'
import { ${camel}Health } from '../../src/health/${name}-health.js'

describe('${camel}Health', () => {
  it('is degraded with no host, and says which option', () => {
    expect(${camel}Health([])).toMatchObject({ status: 'degraded', message: expect.stringContaining('hosts') })
    expect(${camel}Health(['web01']).status).toBeUndefined()
  })
})
`,
    },
    {
      path: `test/errors/${name}-error.test.ts`,
      text: `import { describe, expect, it } from 'vitest'
import { isCapstanError } from 'capstan'
import { ${camel}Error } from '../../src/errors/${name}-error.js'

describe('${camel}Error', () => {
  it('keeps the reason under details.reason', () => {
    const error = ${camel}Error('UNAVAILABLE', 'unreachable', 'the backend does not answer', { url: 'http://127.0.0.1:1' })
    expect(isCapstanError(error, 'UNAVAILABLE')).toBe(true)
    expect(error.details).toEqual({ url: 'http://127.0.0.1:1', reason: 'unreachable' })
  })
})
`,
    },
    {
      path: 'test/conformance.test.ts',
      text: `// The conformance kit: every capability the plugin declares, checked the way the host relies on it.
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { runConformance } from 'capstan/testing'
import { ${camel}Plugin } from '../src/index.js'

describe('${name} plugin conformance', () => {
  it('passes every check of the conformance kit', async () => {
    const report = await runConformance({
      plugin: () => ${camel}Plugin({ hosts: ['web01', 'db01'] }),
      packageDir: fileURLToPath(new URL('..', import.meta.url)),
    })
    expect(report.failures).toEqual([])
  })
})
`,
    },
    {
      path: 'README.md',
      text: `# @capstan/plugin-${name}

${Pascal} for [Capstan](../README.md). Made with \`npm run new-plugin -- ${name}\`: an inventory
plugin over a list of hosts, to replace with the backend's own inside.

\`\`\`sh
npm install capstan @capstan/plugin-${name}
\`\`\`

## Example

\`\`\`ts
import { createCapstan } from 'capstan'
import { ${camel}Plugin } from '@capstan/plugin-${name}'

const capstan = await createCapstan({ plugins: [${camel}Plugin({ hosts: ['web01', 'db01'] })] })
try {
  const { nodes } = await capstan.inventory.list()
  for (const node of nodes) console.log(node.id)
} finally {
  await capstan.close()
}
\`\`\`

## Shape

- \`plugin.json\` and \`package.json\` say who the plugin is (name, version, capabilities):
  the code reads them (\`pluginMetadata\`) and the loader checks they agree.
- \`src/<capability type>/\` holds what implements each type (\`inventory/\`), \`src/health/\`
  the health check, \`src/errors/\` the plugin's errors (\`details.reason\` for the backend's
  own reason).
- \`test/\` mirrors \`src/\`; \`test/conformance.test.ts\` runs the conformance kit of
  \`capstan/testing\` over every capability the plugin declares.
`,
    },
  ]
}
