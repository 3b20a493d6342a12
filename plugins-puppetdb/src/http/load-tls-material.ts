import { X509Certificate } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createSecureContext } from 'node:tls'
import { CapstanError, type FieldIssue } from 'capstan'
import { PUPPETDB_HTTP_OPTIONS_SUBJECT, type ResolvedPuppetDbTlsOptions } from './puppetdb-http-options.js'

/** The PEM texts an https Agent is built with, read from files where options gave paths. */
export interface TlsMaterial {
  /** CA bundle PuppetDB's server certificate must chain to; Node's default CAs when absent. */
  ca?: string
  /** Client certificate for mutual TLS. */
  cert?: string
  /** Private key of `cert`. */
  key?: string
  /** Whether a server certificate that does not verify is refused. */
  rejectUnauthorized: boolean
}

type PemField = 'ca' | 'cert' | 'key'

/** True when `value` is PEM text rather than a file path (it starts with `-----BEGIN`, leading whitespace aside). */
export function isPem(value: string): boolean {
  return value.trimStart().startsWith('-----BEGIN')
}

/**
 * Reads `tls.ca`, `tls.cert` and `tls.key` (PEM text as is, anything else as a
 * file path) and checks them before any request: every CA block is a
 * certificate, the client certificate parses and the key belongs to it. A
 * problem found here would otherwise surface as a vague handshake failure on
 * the first query.
 *
 * The texts themselves never appear in errors (a key is a secret); paths and
 * OpenSSL's reasons do.
 *
 * @throws CapstanError CONFIG_ERROR with `details.field` `tls.ca`, `tls.cert` or `tls.key`.
 */
export function loadTlsMaterial(tls: ResolvedPuppetDbTlsOptions): TlsMaterial {
  const material: TlsMaterial = { rejectUnauthorized: tls.rejectUnauthorized }
  if (tls.ca !== undefined) material.ca = readPem('ca', tls.ca)
  if (tls.cert !== undefined) material.cert = readPem('cert', tls.cert)
  if (tls.key !== undefined) material.key = readPem('key', tls.key)

  if (material.ca !== undefined) checkCaBundle(material.ca, describeSource(tls.ca))
  if (material.cert !== undefined) {
    try {
      new X509Certificate(material.cert)
    } catch (error) {
      throw tlsError('cert', `${describeSource(tls.cert)} is not a PEM certificate (${reason(error)})`, error)
    }
  }
  if (material.cert !== undefined && material.key !== undefined) {
    try {
      createSecureContext({ cert: material.cert, key: material.key })
    } catch (error) {
      const mismatch = (error as { code?: unknown }).code === 'ERR_OSSL_X509_KEY_VALUES_MISMATCH'
      const message = mismatch
        ? `${describeSource(tls.key)} is not the private key of the certificate in tls.cert`
        : `${describeSource(tls.key)} is not a usable unencrypted PEM private key (${reason(error)})`
      throw tlsError('key', message, error)
    }
  }
  return material
}

function readPem(field: PemField, value: string): string {
  if (isPem(value)) return value
  // A multi-line value is PEM without its BEGIN line, not a path: never echo it (it may be a key).
  if (/[\r\n]/.test(value)) {
    throw tlsError(field, 'is neither PEM text (it does not start with -----BEGIN) nor a file path')
  }
  let text: string
  try {
    text = readFileSync(value, 'utf8')
  } catch (error) {
    throw tlsError(field, `cannot read file "${value}" (${(error as { code?: string }).code ?? reason(error)})`, error)
  }
  if (!text.includes('-----BEGIN')) throw tlsError(field, `file "${value}" holds no PEM block (no -----BEGIN line)`)
  return text
}

function checkCaBundle(pem: string, source: string): void {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? []
  if (blocks.length === 0) throw tlsError('ca', `${source} holds no certificate (no BEGIN CERTIFICATE block)`)
  blocks.forEach((block, index) => {
    try {
      new X509Certificate(block)
    } catch (error) {
      throw tlsError('ca', `certificate ${index + 1} of ${source} does not parse (${reason(error)})`, error)
    }
  })
}

function describeSource(value: string | undefined): string {
  return value === undefined || isPem(value) ? 'the PEM text' : `file "${value}"`
}

function reason(error: unknown): string {
  const typed = error as { reason?: unknown; message?: unknown }
  if (typeof typed.reason === 'string') return typed.reason
  return typeof typed.message === 'string' ? typed.message : String(error)
}

/** A CONFIG_ERROR shaped like `configError`'s, for one TLS field. */
function tlsError(field: PemField, message: string, cause?: unknown): CapstanError {
  const issue: FieldIssue = { path: `tls.${field}`, message }
  return new CapstanError('CONFIG_ERROR', {
    message: `Invalid ${PUPPETDB_HTTP_OPTIONS_SUBJECT}: ${issue.path}: ${message}`,
    details: { subject: PUPPETDB_HTTP_OPTIONS_SUBJECT, field: issue.path, issues: [issue] },
    cause,
  })
}
