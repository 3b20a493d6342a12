import { describe, expect, it } from 'vitest'
import { isCapstanError } from '../../../src/errors/capstan-error.js'
import { collectProcess } from '../../../src/execution/process/collect-process.js'

describe('collectProcess', () => {
  it('gathers stdout, stderr and how the process ended', async () => {
    const result = await collectProcess({ argv: ['/bin/sh', '-c', 'echo out; echo err >&2; exit 2'] })
    expect(result).toEqual({ stdout: 'out\n', stderr: 'err\n', exitCode: 2, signal: null, killed: false })
  })

  it('reports a run stopped by its signal as killed', async () => {
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 100)
    const result = await collectProcess({ argv: ['sleep', '30'], signal: controller.signal })
    expect(result).toMatchObject({ killed: true, signal: 'SIGTERM', exitCode: null })
  })

  it('rejects with NOT_FOUND when the executable does not exist', async () => {
    const error = await collectProcess({ argv: ['capstan-missing-tool'] }).catch((e: unknown) => e)
    expect(isCapstanError(error, 'NOT_FOUND')).toBe(true)
  })
})
