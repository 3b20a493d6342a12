import { describe, expect, it } from 'vitest'
import { parameterIssues } from '../../src/errors/parameter-issues.js'

describe('parameterIssues', () => {
  it('names each parameter of Bolt\'s message as params.<name>', () => {
    expect(parameterIssues("Task demo::x:\n has no parameter named 'bogus'\n parameter 'os.family' expects a String value, got Integer")).toEqual([
      { path: 'params.bogus', message: "has no parameter named 'bogus'" },
      { path: 'params["os.family"]', message: "parameter 'os.family' expects a String value, got Integer" },
    ])
  })

  it('finds none in a message about something else', () => {
    expect(parameterIssues("Could not find a task named 'x'")).toEqual([])
    expect(parameterIssues('Syntax error at line 3')).toEqual([])
  })
})
