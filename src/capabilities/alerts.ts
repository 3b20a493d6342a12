import { z } from 'zod'
import { defineCapability } from './capability.js'
import { freeText } from './models/free-text.js'
import { inputLimits } from './models/input-limits.js'
import type { ProviderOf } from './handler.js'
import { idField, limit, nodeFilter } from './input-fields.js'
import { Alert, AlertSeverity, AlertState } from './models/alert.js'
import { aggregated } from './models/source-outcome.js'

const oneAlert = z.object({ alert: Alert })
const alertChange = z
  .object({
    id: idField('alert'),
    comment: freeText('Why; recorded with the change in the alert\'s source', { max: inputLimits.valueLength, nonEmpty: true }).optional(),
  })
  .strict()

/** Alerts capabilities: what monitoring says is wrong, and acting on it. */
export const alertsCapabilities = {
  list: defineCapability({
    id: 'alert.list',
    type: 'alerts',
    description: 'List alerts from every alerting plugin',
    kind: 'query',
    routing: { mode: 'aggregate', merge: 'concat' },
    input: z
      .object({
        state: AlertState.optional().describe('Only alerts in this state'),
        severity: AlertSeverity.optional().describe('Only alerts of this severity'),
        node: nodeFilter.optional(),
        limit: limit(100, 10_000),
      })
      .strict(),
    output: z.object({ alerts: z.array(Alert).describe('Alerts this plugin knows') }),
    result: aggregated({ alerts: z.array(Alert).describe('Alerts of every plugin, each with its source') }),
  }),
  get: defineCapability({
    id: 'alert.get',
    type: 'alerts',
    description: 'Get one alert',
    kind: 'query',
    routing: { mode: 'prioritised' },
    input: z.object({ id: idField('alert') }).strict(),
    output: oneAlert,
  }),
  acknowledge: defineCapability({
    id: 'alert.acknowledge',
    type: 'alerts',
    description: 'Acknowledge an alert: someone is on it',
    kind: 'action',
    routing: { mode: 'prioritised' },
    input: alertChange,
    output: oneAlert,
  }),
  resolve: defineCapability({
    id: 'alert.resolve',
    type: 'alerts',
    description: 'Mark an alert resolved',
    kind: 'action',
    routing: { mode: 'prioritised' },
    input: alertChange,
    output: oneAlert,
  }),
  subscribe: defineCapability({
    id: 'alert.subscribe',
    type: 'alerts',
    description: 'Follow alerts from every alerting plugin as they fire and change',
    kind: 'stream',
    routing: { mode: 'aggregate', merge: 'concat' },
    input: z
      .object({
        severity: AlertSeverity.optional().describe('Only alerts of this severity'),
        node: nodeFilter.optional(),
      })
      .strict(),
    output: Alert,
  }),
} as const

/** What an alerting plugin implements. */
export type AlertsProvider = ProviderOf<typeof alertsCapabilities>
