import { defineConfig } from 'tsup'

export default defineConfig([
  {
    entry: { index: 'src/index.ts', 'plugin-kit/index': 'src/plugin-kit/index.ts', 'testing/index': 'src/testing/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    // `npm run build` empties dist/ first: two configs cleaning one folder in parallel would race.
    clean: false,
    target: 'node20',
    // capstan and capstan/plugin-kit share modules (CapstanError, the models): split
    // them into common chunks so both entries hand out the same classes, in ESM and CJS.
    splitting: true,
    // capstan/testing imports the public entry, so tests share one copy of the core with the code under test.
    external: ['capstan'],
  },
  {
    // The `capstan` bin, ESM only. What a command needs at run time (createCapstan,
    // plugins, zod) is imported lazily and split into chunks of its own, so
    // `capstan --help` loads only the command model and the help renderer.
    entry: { capstan: 'src/cli/bin.ts' },
    outDir: 'dist/cli',
    format: ['esm'],
    sourcemap: true,
    clean: false,
    target: 'node20',
    splitting: true,
    banner: { js: '#!/usr/bin/env node' },
  },
])
