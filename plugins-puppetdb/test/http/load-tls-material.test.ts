// TLS options are checked without any server: PEM text or file path, cert and key
// belonging together. Handshakes are covered against the real PuppetDB in the
// integration suite; the fixtures here are static, throw-away, self-signed files.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import type { CapstanError } from 'capstan'
import { PuppetDbHttpClient, isPem, loadTlsMaterial } from '../../src/http/index.js'
import { thrownBy } from '@capstan/test-support/errors'

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url))
const CERT_PATH = fixture('client.pem')
const KEY_PATH = fixture('client.key')
const CERT = fs.readFileSync(CERT_PATH, 'utf8')
const KEY = fs.readFileSync(KEY_PATH, 'utf8')
const OTHER_KEY = fs.readFileSync(fixture('other.key'), 'utf8')

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'puppetdb-tls-test-'))
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

function tlsError(fn: () => unknown, field: string): CapstanError {
  const error = thrownBy(fn)
  expect(error.code).toBe('CONFIG_ERROR')
  expect(error.details['field']).toBe(field)
  expect(error.details['issues']).toEqual([{ path: field, message: expect.any(String) }])
  expect(error.message).toContain(`Invalid PuppetDB connection options: ${field}: `)
  return error
}

describe('isPem', () => {
  it('tells PEM text from a path', () => {
    expect(isPem(CERT)).toBe(true)
    expect(isPem(`\n  ${CERT}`)).toBe(true)
    expect(isPem('/etc/puppetlabs/puppet/ssl/certs/ca.pem')).toBe(false)
  })
})

describe('loadTlsMaterial', () => {
  it('keeps PEM text as it is and reads a path from its file', () => {
    const certFile = path.join(tmp, 'client-copy.pem')
    fs.writeFileSync(certFile, CERT)
    const material = loadTlsMaterial({ ca: CERT_PATH, cert: certFile, key: KEY, rejectUnauthorized: true })
    expect(material).toEqual({ ca: CERT, cert: CERT, key: KEY, rejectUnauthorized: true })
  })

  it('keeps rejectUnauthorized false and nothing else when no PEM is given', () => {
    expect(loadTlsMaterial({ rejectUnauthorized: false })).toEqual({ rejectUnauthorized: false })
  })

  it('names the field and the path of a file that cannot be read', () => {
    const missing = path.join(tmp, 'nope', 'ca.pem')
    const error = tlsError(() => loadTlsMaterial({ ca: missing, rejectUnauthorized: true }), 'tls.ca')
    expect(error.message).toContain(missing)
    expect(error.message).toContain('ENOENT')
    expect((error.cause as { code?: string }).code).toBe('ENOENT')
  })

  it('refuses a file without a PEM block', () => {
    const file = path.join(tmp, 'notes.txt')
    fs.writeFileSync(file, 'not a certificate\n')
    expect(tlsError(() => loadTlsMaterial({ ca: file, rejectUnauthorized: true }), 'tls.ca').message).toContain('no PEM block')
  })

  it('refuses multi-line text that is not PEM without echoing it', () => {
    const body = KEY.split('\n').slice(1, 3).join('\n')
    const error = tlsError(() => loadTlsMaterial({ cert: CERT, key: body, rejectUnauthorized: true }), 'tls.key')
    expect(error.message).toContain('neither PEM text')
    expect(JSON.stringify(error.toJSON())).not.toContain(body.slice(0, 20))
  })

  it('refuses a CA bundle without a certificate, or with one that does not parse', () => {
    expect(tlsError(() => loadTlsMaterial({ ca: KEY, rejectUnauthorized: true }), 'tls.ca').message).toContain('holds no certificate')
    const broken = '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n'
    expect(tlsError(() => loadTlsMaterial({ ca: CERT + broken, rejectUnauthorized: true }), 'tls.ca').message).toContain('certificate 2 of the PEM text')
  })

  it('refuses a client certificate that is not a certificate', () => {
    tlsError(() => loadTlsMaterial({ cert: KEY, key: KEY, rejectUnauthorized: true }), 'tls.cert')
  })

  it('refuses a key that does not belong to the certificate, without showing the key', () => {
    const error = tlsError(() => loadTlsMaterial({ cert: CERT_PATH, key: OTHER_KEY, rejectUnauthorized: true }), 'tls.key')
    expect(error.message).toContain('is not the private key of the certificate in tls.cert')
    expect(JSON.stringify(error.toJSON())).not.toContain(OTHER_KEY.split('\n')[1])
  })

  it('runs when an https client is created, which makes no connection', () => {
    const client = new PuppetDbHttpClient({ url: 'https://127.0.0.1:1', tls: { ca: CERT_PATH, cert: CERT_PATH, key: KEY_PATH } })
    expect(client.options.tls).toEqual({ ca: CERT_PATH, cert: CERT_PATH, key: KEY_PATH, rejectUnauthorized: true })
    client.close()
    tlsError(() => new PuppetDbHttpClient({ url: 'https://127.0.0.1:1', tls: { cert: CERT_PATH, key: fixture('other.key') } }), 'tls.key')
  })
})
