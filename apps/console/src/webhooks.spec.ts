import type { WebhookDeliveryView, WebhookView } from '@switchboard/contracts';
import { deliveryCells, disabledEndpoints, disabledNotice, endpointStatus } from './webhooks';

const endpoint = (change: Partial<WebhookView> = {}): WebhookView => ({
  id: 'w-1',
  url: 'https://crm.example.com/hooks',
  events: ['handoff'],
  enabled: true,
  description: '',
  previousSecretExpiresAt: null,
  consecutiveFailures: 0,
  failingSince: null,
  disabledAt: null,
  disabledReason: null,
  createdAt: '2026-12-06T12:00:00.000Z',
  updatedAt: '2026-12-06T12:00:00.000Z',
  ...change,
});

const delivery = (change: Partial<WebhookDeliveryView> = {}): WebhookDeliveryView => ({
  id: 'd-1',
  eventId: 'e-1',
  eventType: 'handoff',
  status: 'delivered',
  attempts: 1,
  responseStatus: 200,
  latencyMs: 42,
  responseExcerpt: '<b>ok</b>',
  error: null,
  nextAttemptAt: null,
  lastAttemptAt: '2026-12-06T12:00:01.000Z',
  deliveredAt: '2026-12-06T12:00:01.000Z',
  replayOf: null,
  createdAt: '2026-12-06T12:00:00.000Z',
  ...change,
});

describe('webhooks page helpers', () => {
  it('warns only about endpoints Switchboard disabled, not ones an admin paused', () => {
    const disabled = endpoint({ id: 'w-2', enabled: false, disabledAt: '2026-12-06T13:00:00.000Z' });
    const paused = endpoint({ id: 'w-3', enabled: false });
    expect(disabledEndpoints([endpoint(), disabled, paused])).toEqual([disabled]);
    expect([endpoint(), disabled, paused].map(endpointStatus)).toEqual(['Active', 'Disabled after failures', 'Paused']);
    expect(endpointStatus(endpoint({ consecutiveFailures: 3 }))).toBe('Failing (3 attempts in a row)');
  });

  it('names the endpoint and the reason in the notice', () => {
    const disabled = endpoint({
      enabled: false,
      description: 'CRM',
      disabledAt: '2026-12-06T13:00:00.000Z',
      disabledReason: '20 failed attempts in a row, the last: HTTP 500',
    });
    expect(disabledNotice(disabled)).toBe(
      'Webhook CRM (https://crm.example.com/hooks) was disabled: 20 failed attempts in a row, the last: HTTP 500',
    );
  });

  it('shows a delivery column by column, the excerpt as it came and the error when there was no response', () => {
    const now = new Date('2026-12-06T12:05:00.000Z');
    expect(deliveryCells(delivery(), now).map((cell) => cell.text)).toEqual([
      'handoff',
      'Delivered',
      '1',
      '42 ms',
      'HTTP 200',
      '<b>ok</b>',
      '—',
    ]);
    const retrying = deliveryCells(
      delivery({
        status: 'pending',
        responseStatus: null,
        latencyMs: null,
        responseExcerpt: null,
        error: 'connect ECONNREFUSED',
        nextAttemptAt: '2026-12-06T12:06:00.000Z',
        replayOf: 'd-0',
      }),
      now,
    );
    expect(retrying.find((cell) => cell.column === 'event')?.text).toBe('handoff (replay)');
    expect(retrying.find((cell) => cell.column === 'response')?.text).toBe('connect ECONNREFUSED');
    expect(retrying.find((cell) => cell.column === 'next')?.text).not.toBe('—');
  });
});
