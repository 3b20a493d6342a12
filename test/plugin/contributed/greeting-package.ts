// The example third-party plugin (examples/greeting-plugin), packed with
// `npm pack` and installed from the tarball into a scratch application, as a
// user of it would: nothing links back into the repository but `capstan`
// (the built package) and `zod`, its peer dependencies.
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url))
/** The example's source folder. */
export const greetingSource = join(repoRoot, 'examples/greeting-plugin')

/** A scratch application with the packed example installed under node_modules; `remove()` deletes it. */
export interface GreetingApp {
  dir: string
  packageDir: string
  remove(): void
}

/** Packs examples/greeting-plugin and installs the tarball into a new scratch application. */
export function installGreetingApp(): GreetingApp {
  const dir = mkdtempSync(join(tmpdir(), 'capstan-greeting-'))
  const packed = join(dir, 'packed')
  mkdirSync(packed)
  execFileSync('npm', ['pack', '--silent', '--pack-destination', packed], { cwd: greetingSource, stdio: ['ignore', 'ignore', 'pipe'] })
  const [tarball] = readdirSync(packed).filter((name) => name.endsWith('.tgz'))
  if (tarball === undefined) throw new Error(`npm pack wrote no tarball into ${packed}`)
  const modules = join(dir, 'node_modules')
  const packageDir = join(modules, 'capstan-plugin-greeting')
  mkdirSync(packageDir, { recursive: true })
  execFileSync('tar', ['-xzf', join(packed, tarball), '-C', packageDir, '--strip-components=1'])
  symlinkSync(repoRoot, join(modules, 'capstan'), 'dir')
  symlinkSync(join(repoRoot, 'node_modules/zod'), join(modules, 'zod'), 'dir')
  return { dir, packageDir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}
