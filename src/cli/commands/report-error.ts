import { type CapstanError, isCapstanError } from '../../errors/index.js'
import { formatValidationIssues } from '../args/index.js'
import type { CliIo } from '../cli-io.js'
import { ExitCode } from '../exit-codes.js'
import type { Style } from '../render/index.js'
import { thrownMessage } from '../../errors/thrown-message.js'

/** Codes that mean the caller asked for something wrong: exit 2, like a usage error. */
const CALLER_MISTAKES = new Set(['VALIDATION_ERROR', 'CONFIG_ERROR'])

/**
 * Prints an error the command ended with, on stderr: a validation failure as
 * one line per bad field (exit 2), anything else as its CapstanError code and
 * message (exit 3).
 */
export function reportError(io: CliIo, style: Style, error: unknown): ExitCode {
  if (isCapstanError(error)) {
    if (error.code === 'VALIDATION_ERROR') {
      io.stderr.write(`${style.red('error')}: invalid input\n`)
      for (const line of formatValidationIssues(error)) io.stderr.write(`  ${line}\n`)
      return ExitCode.usage
    }
    io.stderr.write(`${style.red('error')} ${error.code}: ${messageForCli(error)}\n`)
    const field = (error.details as Record<string, unknown> | undefined)?.['field']
    if (typeof field === 'string') io.stderr.write(`  field: ${field}\n`)
    return CALLER_MISTAKES.has(error.code) ? ExitCode.usage : ExitCode.error
  }
  io.stderr.write(`${style.red('error')}: ${thrownMessage(error)}\n`)
  return ExitCode.error
}

/**
 * The error's message, except where it gives advice for applications: a CLI
 * run is over before a background retry or `capstan.restartPlugin` could
 * help, so a plugin that failed to start is fixed and the command run again.
 */
function messageForCli(error: CapstanError): string {
  if (!isCapstanError(error, 'PLUGIN_UNAVAILABLE')) return error.message
  const { plugin, capability, startError, transient } = error.details
  if (plugin === undefined || capability === undefined || startError === undefined) return error.message
  const fix = transient === true ? 'Start or fix the backend' : 'Fix the cause'
  return `Plugin ${plugin} cannot serve ${capability}: it failed to start (${startError.code}: ${startError.message}). ${fix}, then run the command again.`
}
