import { webApi } from '@slack/bolt';
import { SlackApiError, SlackRetryableError } from './slack-web-api';
import { toPortError } from './slack-web-api.factory';

describe('toPortError', () => {
  it('makes 429s retryable with their Retry-After', () => {
    const error = toPortError(
      Object.assign(new Error('rate limited'), { code: webApi.ErrorCode.RateLimitedError, retryAfter: 7 }),
    );
    expect(error).toBeInstanceOf(SlackRetryableError);
    expect((error as SlackRetryableError).retryAfterSeconds).toBe(7);
  });

  it('makes HTTP and network failures retryable', () => {
    expect(
      toPortError(Object.assign(new Error('x'), { code: webApi.ErrorCode.HTTPError, statusCode: 503 })),
    ).toBeInstanceOf(SlackRetryableError);
    expect(toPortError(Object.assign(new Error('x'), { code: webApi.ErrorCode.RequestError }))).toBeInstanceOf(
      SlackRetryableError,
    );
  });

  it('keeps Slack error strings and knows a revoked token', () => {
    const revoked = toPortError(
      Object.assign(new Error('x'), { code: webApi.ErrorCode.PlatformError, data: { error: 'token_revoked' } }),
    );
    expect(revoked).toBeInstanceOf(SlackApiError);
    expect((revoked as SlackApiError).revoked).toBe(true);
    expect(new SlackApiError('channel_not_found').revoked).toBe(false);
    expect(new SlackApiError('invalid_auth').revoked).toBe(true);
    expect(new SlackApiError('account_inactive').revoked).toBe(true);
  });
});
