import { defineConfig } from 'tsup'

/**
 * The build every plugin workspace shares (its tsup.config.ts re-exports
 * this): ESM and CJS with .d.ts from src/index.ts, the core left external
 * (`capstan` is a peer dependency), and no tsconfig path mapping of the core
 * onto its sources in the .d.ts build, so the types refer to the package.
 */
export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm', 'cjs'],
  dts: { compilerOptions: { paths: {} } },
  sourcemap: true,
  clean: true,
  target: 'node20',
  external: ['capstan'],
})
