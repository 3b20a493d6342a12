import { describe, expect, it } from 'vitest'
import { defaultRouteInterface } from '../../src/local/default-route-interface.js'

const header = 'Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT'

describe('defaultRouteInterface', () => {
  it('finds the default route of a real /proc/net/route', () => {
    const table = [header, 'eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0', 'eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0'].join('\n')
    expect(defaultRouteInterface(table)).toBe('eth0')
  })

  it('prefers the lowest metric and skips routes that are down', () => {
    const table = [
      header,
      'wlan0\t00000000\t0101A8C0\t0003\t0\t0\t600\t00000000\t0\t0\t0',
      'eth1\t00000000\t0101A8C0\t0002\t0\t0\t10\t00000000\t0\t0\t0',
      'eth0\t00000000\t0101A8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0',
    ].join('\n')
    expect(defaultRouteInterface(table)).toBe('eth0')
  })

  it('gives nothing without a default route', () => {
    expect(defaultRouteInterface(`${header}\neth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n`)).toBeUndefined()
    expect(defaultRouteInterface('')).toBeUndefined()
  })
})
