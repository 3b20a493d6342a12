// Vitest global setup: some suites run the built packages as an application
// would (the `capstan` bin, plugin packages loaded through their package.json
// exports, the packed tarballs), so the run builds them first when dist/ is
// missing or older than src/. Global setup runs once, in the main process,
// before any worker starts: no two workers build at the same time.
import { fileURLToPath } from 'node:url'
import { ensureBuilt, workspacePackages } from './ensure-built.js'

const repoRoot = fileURLToPath(new URL('../../', import.meta.url))

export default async function setup(): Promise<void> {
  const started = Date.now()
  const outcome = await ensureBuilt(repoRoot, workspacePackages(repoRoot))
  if (outcome !== 'built packages are up to date') console.log(`${outcome} in ${((Date.now() - started) / 1000).toFixed(1)} s`)
}
