import { formatBytes } from './format-bytes.js'

/**
 * Facter's `memory.system`: total, available and used, in bytes and as text,
 * and the used share as `capacity` (`"37.52%"`).
 */
export function systemMemoryFacts(totalBytes: number, availableBytes: number): Record<string, unknown> {
  const used = Math.max(totalBytes - availableBytes, 0)
  return {
    total_bytes: totalBytes,
    available_bytes: availableBytes,
    used_bytes: used,
    total: formatBytes(totalBytes),
    available: formatBytes(availableBytes),
    used: formatBytes(used),
    capacity: `${totalBytes > 0 ? ((used / totalBytes) * 100).toFixed(2) : '0.00'}%`,
  }
}
