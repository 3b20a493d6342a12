import { describe, expect, it } from 'vitest'
import { colorEnabled, createStyle, stripAnsi } from '../../../src/cli/render/index.js'

describe('createStyle', () => {
  it('adds ANSI codes when colour is on', () => {
    const style = createStyle({ color: true })
    expect(style.color).toBe(true)
    expect(style.red('x')).toBe('\u001b[31mx\u001b[39m')
    expect(style.bold('x')).toBe('\u001b[1mx\u001b[22m')
    for (const name of ['bold', 'dim', 'red', 'green', 'yellow', 'cyan'] as const) {
      expect(style[name]('text')).not.toBe('text')
      expect(stripAnsi(style[name]('text'))).toBe('text')
    }
  })

  it('is the identity when colour is off', () => {
    const style = createStyle({ color: false })
    expect(style.color).toBe(false)
    for (const name of ['bold', 'dim', 'red', 'green', 'yellow', 'cyan'] as const) expect(style[name]('text')).toBe('text')
  })

  it('leaves empty text empty even with colour, so padding stays exact', () => {
    expect(createStyle({ color: true }).red('')).toBe('')
  })
})

describe('colorEnabled', () => {
  const tty = { isTTY: true }
  const pipe = { isTTY: false }

  it('is on for a terminal and off for a pipe or file', () => {
    expect(colorEnabled(tty, {})).toBe(true)
    expect(colorEnabled(pipe, {})).toBe(false)
    expect(colorEnabled({}, {})).toBe(false)
  })

  it('is off with NO_COLOR set to anything, but not when NO_COLOR is empty', () => {
    expect(colorEnabled(tty, { NO_COLOR: '1' })).toBe(false)
    expect(colorEnabled(tty, { NO_COLOR: 'yes' })).toBe(false)
    expect(colorEnabled(tty, { NO_COLOR: '' })).toBe(true)
  })

  it('is off on a dumb terminal', () => {
    expect(colorEnabled(tty, { TERM: 'dumb' })).toBe(false)
  })

  it('FORCE_COLOR=1 forces it on, even into a pipe and over NO_COLOR; FORCE_COLOR=0 forces it off', () => {
    expect(colorEnabled(pipe, { FORCE_COLOR: '1' })).toBe(true)
    expect(colorEnabled(pipe, { FORCE_COLOR: '1', NO_COLOR: '1' })).toBe(true)
    expect(colorEnabled(tty, { FORCE_COLOR: '0' })).toBe(false)
    expect(colorEnabled(tty, { FORCE_COLOR: 'false' })).toBe(false)
  })

  it('reads process.env by default', () => {
    const saved = { NO_COLOR: process.env['NO_COLOR'], FORCE_COLOR: process.env['FORCE_COLOR'] }
    try {
      delete process.env['FORCE_COLOR']
      process.env['NO_COLOR'] = '1'
      expect(colorEnabled(tty)).toBe(false)
    } finally {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key]
        else process.env[key] = value
      }
    }
  })

  it('accepts process.stdout', () => {
    expect(typeof colorEnabled(process.stdout, {})).toBe('boolean')
  })
})
