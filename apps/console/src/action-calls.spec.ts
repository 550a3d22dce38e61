import type { ActionCallView } from '@switchboard/contracts';
import { actionCallText, confirmationText, outcomeLabel } from './action-calls';

const CALL: ActionCallView = {
  action: 'order_status',
  arguments: { order_number: 'NW-12345', customer_email: '[verified identity]', count: 2 },
  status: 200,
  latencyMs: 83.6,
  outcome: 'ok',
  attempts: 1,
  responseExcerpt: '{"status":"shipped"}',
};

describe('action calls in the transcript', () => {
  it('shows the action, its arguments, HTTP status, outcome, latency and the response excerpt as text', () => {
    expect(actionCallText(CALL)).toEqual({
      action: 'order_status',
      status: 'HTTP 200',
      outcome: 'OK',
      succeeded: true,
      latency: '84 ms',
      attempts: null,
      arguments: ['order_number: NW-12345', 'customer_email: [verified identity]', 'count: 2'],
      excerpt: '{"status":"shipped"}',
    });
  });

  it('says when no response came, counts a retry and leaves out an empty excerpt', () => {
    const failed = actionCallText({ ...CALL, status: null, outcome: 'failed', attempts: 2, responseExcerpt: '' });
    expect(failed).toMatchObject({
      status: 'No response',
      outcome: 'Failed',
      succeeded: false,
      attempts: '2 attempts',
      excerpt: null,
    });
  });

  it('labels every outcome the caller records, and humanises one it does not know', () => {
    expect(
      ['not_found', 'forbidden', 'conflict', 'rejected', 'response_too_large', 'invalid_arguments', 'refused'].map(
        outcomeLabel,
      ),
    ).toEqual([
      'Not found',
      'Forbidden',
      'Conflict',
      'Rejected',
      'Response too large',
      'Invalid arguments',
      'Not called',
    ]);
    expect(outcomeLabel('brand_new')).toBe('brand new');
  });

  it('says the bot is awaiting the customer’s confirmation of a side effect', () => {
    expect(confirmationText({ action: 'cancel_order', arguments: { order_number: 'NW-12345' } })).toEqual({
      title: 'Awaiting confirmation: cancel_order',
      arguments: ['order_number: NW-12345'],
    });
  });
});
