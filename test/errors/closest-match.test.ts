import { expect, it } from 'vitest'
import { closestMatch } from 'capstan/plugin-kit'

it('suggests the nearest candidate within the allowed edits, and nothing when none is near', () => {
  const ids = ['inventory.list', 'inventory.get', 'info.facts']
  expect(closestMatch('inventory.lst', ids)).toBe('inventory.list')
  expect(closestMatch('inventroy.get', ids)).toBe('inventory.get')
  expect(closestMatch('command.execute', ids)).toBeUndefined()
  expect(closestMatch('info.fact', ids, 0)).toBeUndefined()
})
