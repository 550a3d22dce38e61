/** Every event a workspace can subscribe an endpoint to. */
export const WEBHOOK_EVENT_TYPES = [
  'conversation.created',
  'message.created',
  'ticket.opened',
  'ticket.assigned',
  'ticket.resolved',
  'ticket.reopened',
  'handoff',
  'answer.feedback',
  'csat.submitted',
  'knowledge.sync.completed',
  'knowledge.sync.failed',
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** The types Switchboard sends, from the domain events published after commit: every type a subscription names. */
export const PRODUCED_WEBHOOK_EVENT_TYPES: readonly WebhookEventType[] = [
  'conversation.created',
  'message.created',
  'ticket.opened',
  'ticket.assigned',
  'ticket.resolved',
  'ticket.reopened',
  'handoff',
  'answer.feedback',
  'knowledge.sync.completed',
  'knowledge.sync.failed',
  'csat.submitted',
];

export function isWebhookEventType(value: unknown): value is WebhookEventType {
  return typeof value === 'string' && (WEBHOOK_EVENT_TYPES as readonly string[]).includes(value);
}
