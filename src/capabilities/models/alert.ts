import { z } from 'zod'

/** How urgent an alert is. */
export const AlertSeverity = z.enum(['critical', 'warning', 'info']).describe('How urgent the alert is')
/** How urgent an alert is. */
export type AlertSeverity = z.infer<typeof AlertSeverity>

/** Where an alert is in its life. */
export const AlertState = z
  .enum(['firing', 'acknowledged', 'resolved'])
  .describe('Firing, acknowledged by someone, or resolved')
/** Where an alert is in its life. */
export type AlertState = z.infer<typeof AlertState>

/** An alert from a monitoring system (Alertmanager, ...). */
export const Alert = z.object({
  id: z.string().min(1).describe('Alert id in its source (fingerprint)'),
  name: z.string().min(1).describe('Alert rule name'),
  severity: AlertSeverity,
  state: AlertState,
  node: z.string().optional().describe('Node id the alert is about, when it is about one'),
  summary: z.string().describe('One-line summary'),
  description: z.string().optional().describe('Longer description'),
  labels: z.record(z.string(), z.string()).describe('Labels that identify the alert'),
  annotations: z.record(z.string(), z.string()).describe('Free-form annotations (runbook URL, ...)'),
  startsAt: z.string().describe('ISO 8601 time the alert started firing'),
  endsAt: z.string().optional().describe('ISO 8601 time it was resolved'),
  acknowledgedBy: z.string().optional().describe('Who acknowledged it'),
  acknowledgedAt: z.string().optional().describe('ISO 8601 time it was acknowledged'),
  source: z.string().optional().describe('Plugin that reported it; set by the host when lists are merged'),
})
/** An alert. */
export type Alert = z.infer<typeof Alert>
