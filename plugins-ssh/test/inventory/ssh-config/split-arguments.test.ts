import { describe, expect, it } from 'vitest'
import { splitArguments } from '../../../src/inventory/ssh-config/split-arguments.js'

describe('splitArguments', () => {
  it.each([
    ['a  b\tc', ['a', 'b', 'c']],
    ['"my user"', ['my user']],
    ["'single quoted'", ['single quoted']],
    ['x"y z"w', ['xy zw']],
    ['\\"q\\"', ['"q"']],
    ['a\\ b', ['a b']],
    ['C:\\path', ['C:\\path']],
    ['a b # comment', ['a', 'b']],
    ['a#b', ['a#b']],
    ['"#not a comment"', ['#not a comment']],
    ['', []],
  ])('splits %j into %j', (text, expected) => {
    expect(splitArguments(text)).toEqual(expected)
  })

  it('says when a quote is not closed', () => {
    expect(splitArguments('"open')).toBeUndefined()
    expect(splitArguments("a 'b")).toBeUndefined()
  })
})
