import { describe, expect, it } from 'vitest'
import { writeText, type TextOutput } from '../../../src/cli/render/index.js'
import { RecordingOutput } from './recording-output.js'

describe('writeText', () => {
  it('waits for drain when the output is full', async () => {
    const output = new RecordingOutput({ backpressure: true })
    let done = false
    const writing = writeText(output, 'a').then(() => (done = true))
    await new Promise((resolve) => setImmediate(resolve))
    expect(done).toBe(false)
    output.drain()
    await writing
    expect(done).toBe(true)
    expect(output.text).toBe('a')
    expect(output.listenerCount('drain') + output.listenerCount('close') + output.listenerCount('error')).toBe(0)
  })

  it('stops waiting when the output closes', async () => {
    const output = new RecordingOutput({ backpressure: true })
    const writing = writeText(output, 'a')
    output.emit('close')
    await expect(writing).resolves.toBeUndefined()
  })

  it('does not wait on an output without events, and accepts process.stdout', async () => {
    const chunks: string[] = []
    const bare: TextOutput = { write: (chunk) => (chunks.push(chunk), false) }
    await writeText(bare, 'x')
    expect(chunks).toEqual(['x'])
    const stdout: TextOutput = process.stdout
    expect(typeof stdout.write).toBe('function')
  })
})
