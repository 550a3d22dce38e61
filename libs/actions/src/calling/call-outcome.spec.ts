import { ActionCallOutcome, isRetryable, outcomeOfStatus } from './call-outcome';

describe('outcomeOfStatus', () => {
  it.each([
    [404, 'not_found'],
    [403, 'forbidden'],
    [409, 'conflict'],
    [400, 'rejected'],
    [401, 'rejected'],
    [422, 'rejected'],
    [429, 'rejected'],
    [304, 'rejected'],
    [500, 'failed'],
    [503, 'failed'],
  ])('maps HTTP %i to %s', (status, kind) => {
    expect(outcomeOfStatus(status, 'body').kind).toBe(kind);
  });

  it('retries only server errors, timeouts and network errors', () => {
    const failed = (reason: string) => ({ kind: 'failed', reason, status: null, excerpt: '' }) as ActionCallOutcome;
    expect(['server_error', 'timeout', 'network'].map((reason) => isRetryable(failed(reason)))).toEqual([
      true,
      true,
      true,
    ]);
    expect(isRetryable(failed('invalid_json'))).toBe(false);
    expect(isRetryable(failed('bad_redirect'))).toBe(false);
    for (const status of [400, 403, 404, 409, 422]) expect(isRetryable(outcomeOfStatus(status, ''))).toBe(false);
  });
});
