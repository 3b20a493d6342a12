/**
 * The interface of the IPv4 default route in a Linux route table
 * (`/proc/net/route`), the lowest metric winning: Facter's
 * `networking.primary`. `undefined` when there is no usable default route.
 */
export function defaultRouteInterface(routeTable: string): string | undefined {
  let best: { iface: string; metric: number } | undefined
  for (const line of routeTable.split('\n').slice(1)) {
    const [iface, destination, , flags, , , metric, mask] = line.trim().split(/\s+/)
    if (!iface || destination !== '00000000' || mask !== '00000000') continue
    // RTF_UP (0x1): a route that is down carries no traffic.
    if ((parseInt(flags ?? '0', 16) & 0x1) === 0) continue
    const cost = Number(metric ?? 0)
    if (best === undefined || cost < best.metric) best = { iface, metric: cost }
  }
  return best?.iface
}
