import { fileURLToPath } from 'node:url'
import { defineConfig } from 'tsup'

/** A declaration file the core's own build wrote in this checkout (`dist/...`). */
const coreTypes = (path: string): string[] => [fileURLToPath(new URL(`./dist/${path}`, import.meta.url))]

/**
 * The build every plugin workspace shares (its tsup.config.ts re-exports
 * this): ESM and CJS with .d.ts from src/index.ts, the core left external
 * (`capstan` is a peer dependency). The .d.ts build type-checks against the
 * core's declarations built in this checkout (`npm run build` builds the core
 * first), never its sources, so the types refer to the package; and not
 * whatever `node_modules/capstan` points at, which in a worktree sharing
 * another checkout's node_modules is that checkout's older build.
 */
export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm', 'cjs'],
  dts: { compilerOptions: { paths: { capstan: coreTypes('index.d.ts'), 'capstan/plugin-kit': coreTypes('plugin-kit/index.d.ts'), 'capstan/testing': coreTypes('testing/index.d.ts') } } },
  sourcemap: true,
  clean: true,
  target: 'node20',
  external: ['capstan'],
})
