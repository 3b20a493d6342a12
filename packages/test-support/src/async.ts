import { CapstanError, type ErrorCode } from 'capstan'
import { expect } from 'vitest'

/** A promise with its resolve and reject exposed. */
export interface Deferred<T> {
  promise: Promise<T>
  resolve: (value: T) => void
  reject: (reason: unknown) => void
}

export function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void
  let reject!: (reason: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    const timer = setTimeout(resolve, ms)
    signal?.addEventListener('abort', () => {
      clearTimeout(timer)
      reject(signal.reason)
    }, { once: true })
  })
}

/** A promise that never settles (a backend that never answers). */
export function never<T>(): Promise<T> {
  return new Promise<T>(() => {})
}

/** Resolves once `signal` aborts. */
export function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve()
    else signal.addEventListener('abort', () => resolve(), { once: true })
  })
}

export class DidNotSettle extends Error {
  constructor(what: string, ms: number) {
    super(`${what} did not settle within ${ms} ms`)
  }
}

/**
 * Races `promise` against a deadline so a hang fails the test quickly with a
 * clear message instead of at vitest's test timeout.
 */
export function within<T>(promise: Promise<T>, ms: number, what = 'the operation'): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DidNotSettle(what, ms)), ms)
  })
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer))
}

/** Awaits a promise that must reject with a CapstanError (of `code`, when given), and returns the error. */
export async function rejection(promise: Promise<unknown>, code?: ErrorCode): Promise<CapstanError> {
  let thrown: unknown
  try {
    await promise
  } catch (error) {
    thrown = error
  }
  expect(thrown, `expected a CapstanError ${code ?? ''}, but the call succeeded`).toBeDefined()
  expect(thrown).toBeInstanceOf(CapstanError)
  const error = thrown as CapstanError
  if (code !== undefined) expect(error.code, error.message).toBe(code)
  return error
}

/**
 * Awaits a promise that must resolve; a rejection fails the test with the
 * error's code and message as plain text (vitest cannot serialise every
 * CapstanError cause, e.g. an AbortSignal's DOMException reason).
 */
export async function resolved<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise
  } catch (error) {
    const code = error instanceof CapstanError ? `${error.code}: ` : ''
    throw new Error(`expected the call to succeed, but it rejected with ${code}${error instanceof Error ? error.message : String(error)}`)
  }
}
