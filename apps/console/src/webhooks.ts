import type { WebhookDeliveryView, WebhookView } from '@switchboard/contracts';
import { formatClock, humanize } from './format';

/** One cell of a delivery log row: its column and the text shown (always as text: excerpts are untrusted). */
export interface DeliveryCell {
  column: 'event' | 'status' | 'attempts' | 'latency' | 'response' | 'excerpt' | 'next';
  text: string;
}

/** Endpoints Switchboard switched off after repeated failures: what every admin page warns about. */
export function disabledEndpoints(webhooks: readonly WebhookView[]): WebhookView[] {
  return webhooks.filter((webhook) => !webhook.enabled && webhook.disabledAt !== null);
}

/** The endpoint's state as its list shows it. */
export function endpointStatus(webhook: WebhookView): string {
  if (!webhook.enabled) return webhook.disabledAt ? 'Disabled after failures' : 'Paused';
  if (webhook.consecutiveFailures > 0) {
    return `Failing (${webhook.consecutiveFailures} attempt${webhook.consecutiveFailures === 1 ? '' : 's'} in a row)`;
  }
  return 'Active';
}

/** The banner line for an endpoint Switchboard disabled. */
export function disabledNotice(webhook: WebhookView): string {
  const name = webhook.description ? `${webhook.description} (${webhook.url})` : webhook.url;
  return `Webhook ${name} was disabled: ${webhook.disabledReason ?? 'it kept failing'}`;
}

/** The row of the delivery log, column by column. */
export function deliveryCells(delivery: WebhookDeliveryView, now: Date): DeliveryCell[] {
  return [
    { column: 'event', text: delivery.replayOf ? `${delivery.eventType} (replay)` : delivery.eventType },
    { column: 'status', text: humanize(delivery.status) },
    { column: 'attempts', text: String(delivery.attempts) },
    { column: 'latency', text: delivery.latencyMs === null ? '—' : `${delivery.latencyMs} ms` },
    { column: 'response', text: responseText(delivery) },
    { column: 'excerpt', text: delivery.responseExcerpt ?? '' },
    { column: 'next', text: delivery.nextAttemptAt ? formatClock(delivery.nextAttemptAt, now) : '—' },
  ];
}

function responseText(delivery: WebhookDeliveryView): string {
  if (delivery.responseStatus !== null) return `HTTP ${delivery.responseStatus}`;
  return delivery.error ?? '—';
}
