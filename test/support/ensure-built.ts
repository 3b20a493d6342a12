// Builds the packages (`npm run build`) when a built entry is missing or older
// than its sources, for what runs the built output as an application would:
// the test run's global setup (test/support/build-global-setup.ts) and the benches.
import { spawn } from 'node:child_process'
import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'

/** A package whose built entries must be newer than its sources. */
export interface BuiltPackage {
  /** Source folder (searched recursively). */
  src: string
  /** Built file that stands for the whole build (dist/index.js). */
  entry: string
}

/** The core, every plugin and the PostgreSQL journal store of the repository at `repoRoot`: their src/ against the last files their build writes. */
export function workspacePackages(repoRoot: string): BuiltPackage[] {
  return [
    { src: join(repoRoot, 'src'), entry: join(repoRoot, 'dist', 'index.d.ts') },
    { src: join(repoRoot, 'src'), entry: join(repoRoot, 'dist', 'cli', 'capstan.js') },
    ...['bolt', 'puppetdb', 'ssh'].map((name) => ({ src: join(repoRoot, `plugins-${name}`, 'src'), entry: join(repoRoot, `plugins-${name}`, 'dist', 'index.d.ts') })),
    // Its suite spawns processes that run the built store, as a second application would.
    { src: join(repoRoot, 'packages', 'store-postgres', 'src'), entry: join(repoRoot, 'packages', 'store-postgres', 'dist', 'index.d.ts') },
  ]
}

async function newestMtime(dir: string): Promise<number> {
  let newest = 0
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, (await stat(join(entry.parentPath, entry.name))).mtimeMs)
  }
  return newest
}

async function isStale(pkg: BuiltPackage): Promise<boolean> {
  try {
    return (await stat(pkg.entry)).mtimeMs < (await newestMtime(pkg.src))
  } catch {
    return true
  }
}

/**
 * Runs `npm run build` in `repoRoot` when a package's dist is missing or older
 * than its sources, so what runs the built packages never runs stale code.
 * Says what it did.
 */
export async function ensureBuilt(repoRoot: string, packages: BuiltPackage[]): Promise<string> {
  const stale = (await Promise.all(packages.map(isStale))).some(Boolean)
  if (!stale) return 'built packages are up to date'
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn('npm', ['run', 'build', '--silent'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] })
    child.once('error', reject)
    child.once('close', resolve)
  })
  if (code !== 0) throw new Error(`npm run build failed (exit ${code}) in ${repoRoot}`)
  return 'rebuilt the packages first (npm run build)'
}
