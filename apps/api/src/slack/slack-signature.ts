import { secretsEqual } from '@switchboard/auth';
import { createHmac } from 'node:crypto';

/** Slack refuses requests older than five minutes, against replays; so do we. */
export const SLACK_SIGNATURE_WINDOW_SECONDS = 5 * 60;

export type SlackSignatureCheck = 'valid' | 'missing' | 'stale' | 'mismatch';

/** The v0 signature Slack sends in X-Slack-Signature: HMAC-SHA256 of `v0:timestamp:body` with the signing secret. */
export function slackSignature(signingSecret: string, timestamp: string, rawBody: Buffer | string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:`).update(rawBody).digest('hex')}`;
}

/** Verifies a request as https://api.slack.com/authentication/verifying-requests-from-slack describes. */
export function checkSlackSignature(input: {
  signingSecret: string;
  timestamp: string | undefined;
  signature: string | undefined;
  rawBody: Buffer | undefined;
  nowSeconds?: number;
}): SlackSignatureCheck {
  const { signingSecret, timestamp, signature, rawBody } = input;
  if (!timestamp || !signature || !rawBody || !/^\d{1,12}$/.test(timestamp)) return 'missing';
  const now = input.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - Number(timestamp)) > SLACK_SIGNATURE_WINDOW_SECONDS) return 'stale';
  return secretsEqual(signature, slackSignature(signingSecret, timestamp, rawBody)) ? 'valid' : 'mismatch';
}
