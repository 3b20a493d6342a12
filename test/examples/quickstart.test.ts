import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { expect, it } from 'vitest'

const root = fileURLToPath(new URL('../..', import.meta.url))

// The README promises `npm run demo` works on a fresh clone; this runs the same script.
it('npm run demo lists the inventory, shows facts and a typed validation error', async () => {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'examples/quickstart.ts'], { cwd: root, timeout: 60_000 })
  expect(stdout).toMatch(/^Inventory: 4 nodes from local/m)
  expect(stdout).toContain('web02.example.com')
  expect(stdout).toMatch(/Facts of localhost \(from local/)
  expect(stdout).toContain('VALIDATION_ERROR')
  expect(stdout).toMatch(/- groups: .*expected array/)
  expect(stdout).toMatch(/\[localhost\] step 1 of 3 \(hi\)\n.*\[localhost\] step 2 of 3/s)
  expect(stdout).toMatch(/\[localhost\] success, exit 0/)
  expect(stdout).toContain('Task greet on localhost: success, value {"message":"hello, Capstan!"}')
  expect(stdout).toMatch(/Journal of localhost, newest first:\n.*note +ran the quickstart \(by demo\)\n.*execution task\.execute: success \(exit 0\)\n.*execution command\.execute: success \(exit 0\)/)
  expect(stdout).toMatch(/^Health: healthy/m)
}, 60_000)
