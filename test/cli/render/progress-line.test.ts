import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { ProgressLine } from '../../../src/cli/render/index.js'
import { RecordingOutput } from './recording-output.js'

const CLEAR = '\r\u001b[2K'

describe('ProgressLine', () => {
  it('draws in place, skips a redraw of the same text, and erases on hide', () => {
    const stderr = new RecordingOutput()
    const line = new ProgressLine(stderr, { intervalMs: 0 })
    line.update('0/2 done')
    line.update('0/2 done')
    line.update('1/2 done')
    expect(line.visible).toBe(true)
    line.hide()
    line.hide()
    expect(line.visible).toBe(false)
    expect(stderr.chunks).toEqual([`${CLEAR}0/2 done`, `${CLEAR}1/2 done`, CLEAR])
  })

  it('throttles redraws but always shows the latest text', async () => {
    const stderr = new RecordingOutput()
    const line = new ProgressLine(stderr, { intervalMs: 30 })
    line.update('1')
    line.update('2')
    line.update('3')
    expect(stderr.chunks).toEqual([`${CLEAR}1`])
    await sleep(150)
    expect(stderr.chunks).toEqual([`${CLEAR}1`, `${CLEAR}3`])
    line.stop()
    expect(stderr.chunks.at(-1)).toBe(CLEAR)
  })

  it('stop cancels a pending redraw', async () => {
    const stderr = new RecordingOutput()
    const line = new ProgressLine(stderr, { intervalMs: 30 })
    line.update('1')
    line.update('2')
    line.stop()
    await sleep(150)
    expect(stderr.chunks).toEqual([`${CLEAR}1`, CLEAR])
  })
})
