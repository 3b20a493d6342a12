import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const src = (path: string) => fileURLToPath(new URL(`./src/${path}`, import.meta.url))

export default defineConfig({
  resolve: {
    alias: [
      { find: /^capstan\/testing$/, replacement: src('testing/index.ts') },
      { find: /^capstan\/plugin-kit$/, replacement: src('plugin-kit/index.ts') },
      { find: /^capstan$/, replacement: src('index.ts') },
      { find: /^@capstan\/plugin-([a-z][a-z0-9-]*)$/, replacement: fileURLToPath(new URL('./plugins-$1/src/index.ts', import.meta.url)) },
      { find: /^@capstan\/store-([a-z][a-z0-9-]*)$/, replacement: fileURLToPath(new URL('./packages/store-$1/src/index.ts', import.meta.url)) },
      // The private test helpers, one module a subpath: `@capstan/test-support/requirement`.
      { find: /^@capstan\/test-support\/([a-z-]+)$/, replacement: fileURLToPath(new URL('./packages/test-support/src/$1.ts', import.meta.url)) },
    ],
  },
  test: {
    include: ['test/**/*.test.ts', 'plugins-*/test/**/*.test.ts', 'packages/*/test/**/*.test.ts'],
    // The default reporter, then why each skipped test was skipped.
    reporters: ['default', './test/support/skip-reasons-reporter.ts'],
    typecheck: { enabled: true, include: ['test/**/*.test-d.ts', 'plugins-*/test/**/*.test-d.ts'] },
    testTimeout: 20_000,
    // Builds dist/ when it is missing or stale (suites run the built packages), then
    // tells the PuppetDB suites where test/infra started a PuppetDB.
    globalSetup: ['test/support/build-global-setup.ts', 'plugins-puppetdb/test/integration/global-setup.ts'],
  },
})
