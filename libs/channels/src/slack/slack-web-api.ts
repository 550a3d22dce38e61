import type { types } from '@slack/bolt';

export type SlackBlock = types.KnownBlock;

/** The few Slack Web API calls Switchboard makes; services depend on this port, never on the SDK. */
export interface SlackWebApi {
  postMessage(input: SlackPostMessage): Promise<{ ts: string; channel: string }>;
  updateMessage(input: SlackPostMessage & { ts: string }): Promise<void>;
  postEphemeral(input: { channel: string; user: string; text: string; threadTs?: string }): Promise<void>;
  /** The profile e-mail of a Slack user (needs users:read.email), or null when the profile shows none. */
  userEmail(user: string): Promise<string | null>;
}

export interface SlackPostMessage {
  channel: string;
  text: string;
  blocks?: SlackBlock[];
  threadTs?: string;
}

/** Slack answered with `ok: false`; `code` is Slack's error string (channel_not_found, invalid_auth, ...). */
export class SlackApiError extends Error {
  constructor(readonly code: string) {
    super(`Slack API error: ${code}`);
    this.name = 'SlackApiError';
  }

  /** The bot token no longer works: retrying cannot help, an admin has to reinstall the app. */
  get revoked(): boolean {
    return REVOKED_CODES.has(this.code);
  }

  /** Slack refused the call itself (`ok: false`): the outbound queue fails the job at once instead of retrying. */
  get permanent(): boolean {
    return true;
  }
}

/** A 429 or a 5xx: the outbound queue retries the send, after Slack's Retry-After when it sent one. */
export class SlackRetryableError extends Error {
  constructor(
    message: string,
    /** Slack's Retry-After, when it sent one. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
    this.name = 'SlackRetryableError';
  }

  /** Read by the outbound queue, which waits this long before the next attempt instead of its own backoff. */
  get retryAfterMs(): number | null {
    return this.retryAfterSeconds === null ? null : this.retryAfterSeconds * 1000;
  }
}

const REVOKED_CODES = new Set(['invalid_auth', 'token_revoked', 'account_inactive', 'not_authed', 'token_expired']);
