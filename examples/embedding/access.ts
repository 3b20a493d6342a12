import type { Policy, Principal } from 'capstan'

/**
 * Who may do what: viewers read the inventory and facts, operators also run
 * commands. With a policy, a call without a principal is denied, so every
 * request must say who makes it.
 */
export const policy: Policy = {
  roles: {
    viewer: { allow: ['inventory.*', 'info.facts'] },
    operator: { allow: ['inventory.*', 'info.facts', 'command.execute'] },
  },
}

/**
 * Bearer tokens and the principals they stand for. An application asks its
 * session store or checks a signed token (a JWT's `sub` and `roles`) instead.
 */
const principalsByToken = new Map<string, Principal>([
  ['operator-token', { id: 'olga', roles: ['operator'] }],
  ['viewer-token', { id: 'vic', roles: ['viewer'] }],
])

/** The principal an `Authorization: Bearer <token>` header names; undefined when it names none (answer 401). */
export function principalOf(authorization: string | undefined): Principal | undefined {
  const token = /^Bearer (\S+)$/i.exec(authorization ?? '')?.[1]
  return token === undefined ? undefined : principalsByToken.get(token)
}
