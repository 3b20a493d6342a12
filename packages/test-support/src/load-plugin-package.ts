// Loads a plugin package directory through the core's PluginLoader, as a host
// would, but importing src/ in place of the package's dist/ entry, so the tests
// run the sources (the loader still checks dist/ exists: the global setup builds it).
import { PluginLoader, type LoadedPlugin } from 'capstan'

/** The loaded plugin, and every module specifier the loader imported. */
export type LoadedPackage = LoadedPlugin & { imported: string[] }

/** `packageDir` loaded with `options` for its factory. */
export async function loadPluginPackage(packageDir: string, options: unknown): Promise<LoadedPackage> {
  const imported: string[] = []
  const loader = new PluginLoader({
    import: (specifier) => {
      imported.push(specifier)
      return import(specifier.replace(/\/dist\/index\.c?js$/, '/src/index.ts'))
    },
  })
  return { ...(await loader.load({ module: packageDir, options })), imported }
}
