const UNITS = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB']

/**
 * A byte count the way Facter prints one (`23.54 GiB`, `512 bytes`): binary
 * units, two decimals. Facts keep the exact number alongside (`*_bytes`).
 */
export function formatBytes(bytes: number): string {
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024
    unit++
  }
  return unit === 0 ? `${bytes} bytes` : `${value.toFixed(2)} ${UNITS[unit]}`
}
