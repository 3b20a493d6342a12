import { CapstanError } from 'capstan'
import type { Client } from 'ssh2'
import { abortFailure, CHAIN_TIMEOUT, forwardTo, openHop, type HopContext } from './connect-hop.js'
import type { Hop } from './hop.js'
import { loadKnownHosts } from './known-hosts-cache.js'
import { targetKey, type SshTarget } from './ssh-target.js'

/** Jump hosts one target may go through; more is taken for a cycle. */
export const MAX_JUMP_HOPS = 16

/**
 * Opens one authenticated ssh2 `Client`, verifying the server's host key
 * against `target.knownHosts`. With `target.jump`, the jump hosts are connected
 * first (outermost first) and each next hop is reached through a channel the
 * previous one forwards; the jump connections end when the returned client closes.
 *
 * Fails with UNAVAILABLE whose `details.reason` says why
 * ({@link ConnectFailureReason}) and whose `details.hop` says where
 * (`jump 10.0.0.1:22` or `target 10.0.0.5:22`; `details.host`, `port` and
 * `user` are that hop's). Authentication, host key and forbidden forwarding
 * failures are not retryable. A target with neither `privateKey` nor `agent`
 * fails with CONFIG_ERROR. Aborting `signal` ends the attempt with CANCELLED.
 *
 * The returned client keeps an `error` listener so a late error cannot crash
 * the process; owners watch its `close` event, which always follows.
 */
export async function connectSsh(target: SshTarget, signal?: AbortSignal): Promise<Client> {
  const hops = chainOf(target)
  const timeoutMs = target.connectTimeoutMs ?? 10_000
  const controller = new AbortController()
  const onAbort = (): void => controller.abort(signal?.reason)
  if (signal?.aborted) onAbort()
  signal?.addEventListener('abort', onAbort, { once: true })
  const timer = setTimeout(() => controller.abort(CHAIN_TIMEOUT), timeoutMs)
  const context: HopContext = { timeoutMs, deadline: Date.now() + timeoutMs, signal: controller.signal }
  const opened: Client[] = []
  try {
    for (const [index, hop] of hops.entries()) {
      if (context.signal.aborted) throw abortFailure(hop, context, 'connecting')
      const entries = await loadKnownHosts(hop.target.knownHosts)
      const previous = opened[index - 1]
      const sock = previous === undefined ? undefined : await forwardTo(previous, hops[index - 1] as Hop, hop, context)
      opened.push(await openHop(hop, entries, context, sock))
    }
  } catch (error) {
    for (const client of opened) client.end()
    throw error
  } finally {
    clearTimeout(timer)
    signal?.removeEventListener('abort', onAbort)
  }
  const client = opened[opened.length - 1] as Client
  const jumps = opened.slice(0, -1)
  if (jumps.length > 0) {
    const endAll = (): void => {
      for (const c of opened) c.end()
    }
    client.once('close', endAll)
    for (const jump of jumps) jump.once('close', endAll)
  }
  return client
}

/** The hops to connect, outermost jump first and `target` last; checks each has a way to authenticate. */
function chainOf(target: SshTarget): Hop[] {
  const targets: SshTarget[] = []
  for (let t: SshTarget | undefined = target; t !== undefined; t = t.jump) {
    if (targets.length > MAX_JUMP_HOPS) {
      throw new CapstanError('CONFIG_ERROR', { message: `SSH target ${targetKey(target)} has more than ${MAX_JUMP_HOPS} jump hosts (a cycle?)`, details: { target: targetKey(target), field: 'jump' } })
    }
    targets.unshift(t)
  }
  return targets.map((t, index) => {
    const port = t.port ?? 22
    const last = index === targets.length - 1
    const next = targets[index + 1]
    const previous = targets[index - 1]
    const hop: Hop = {
      target: t,
      port,
      name: targetKey(t),
      label: `${last ? 'target' : 'jump'} ${t.host}:${port}`,
      ...(next === undefined ? {} : { via: `${next.host}:${next.port ?? 22}` }),
      ...(previous === undefined ? {} : { through: `${previous.host}:${previous.port ?? 22}` }),
    }
    if (t.privateKey === undefined && t.agent === undefined) {
      const where = last ? `SSH target ${hop.name}` : `SSH jump host ${hop.name} (towards ${targetKey(target)})`
      throw new CapstanError('CONFIG_ERROR', { message: `${where} has neither privateKey nor agent: set SshTarget.privateKey (or SshTarget.agent, an ssh-agent socket)`, details: { target: targetKey(target), hop: hop.label, field: 'privateKey' } })
    }
    return hop
  })
}
