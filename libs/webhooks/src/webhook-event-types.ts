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

/**
 * The types Switchboard sends today, from the domain events published after commit. The others are accepted in a
 * subscription and start firing once their domain event exists (conversation creation, answer feedback and
 * knowledge sync outcomes raise no domain event yet).
 */
export const PRODUCED_WEBHOOK_EVENT_TYPES: readonly WebhookEventType[] = [
  'message.created',
  'ticket.opened',
  'ticket.assigned',
  'ticket.resolved',
  'ticket.reopened',
  'handoff',
  'csat.submitted',
];

export function isWebhookEventType(value: unknown): value is WebhookEventType {
  return typeof value === 'string' && (WEBHOOK_EVENT_TYPES as readonly string[]).includes(value);
}
