import type { PluginInfo } from 'capstan'
import { describe, expect, it } from 'vitest'
import { createStyle, renderStartFailures } from '../../../src/cli/render/index.js'

const plain = createStyle({ color: false })

function info(name: string, overrides: Partial<PluginInfo> = {}): PluginInfo {
  return { name, version: '1.0.0', state: 'ready', priority: 0, integrationTypes: ['inventory'], capabilities: [], startAttempts: 1, ...overrides }
}

describe('renderStartFailures', () => {
  it('is one line per failed plugin, with its code and its message made one line', () => {
    const text = renderStartFailures(
      [
        info('local', { state: 'failed', error: { code: 'CONFIG_ERROR', message: 'Invalid inventory file a.yaml: YAML syntax error at line 4:\n  targets: [\n' } }),
        info('ok'),
        info('puppetdb', { state: 'failed', error: { code: 'UNAVAILABLE', message: 'connection refused' } }),
      ],
      plain,
    )
    expect(text).toBe(
      'warning: plugin local failed to start (CONFIG_ERROR): Invalid inventory file a.yaml: YAML syntax error at line 4: targets: [\n' +
        'warning: plugin puppetdb failed to start (UNAVAILABLE): connection refused\n',
    )
  })

  it('is empty when every plugin started', () => {
    expect(renderStartFailures([info('a'), info('b', { state: 'disposed' })], plain)).toBe('')
  })
})
