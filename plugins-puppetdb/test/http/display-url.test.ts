import { describe, expect, it } from 'vitest'
import { displayUrl } from '../../src/http/index.js'

describe('displayUrl', () => {
  it('drops user, password, query and the trailing slash', () => {
    expect(displayUrl('https://admin:s3cret@puppetdb.example:8081/')).toBe('https://puppetdb.example:8081')
    expect(displayUrl(new URL('http://puppetdb/prefix/?a=1#x'))).toBe('http://puppetdb/prefix')
  })

  it('says nothing of a value that is not a URL', () => {
    expect(displayUrl('admin s3cret')).toBe('(invalid url)')
  })
})
