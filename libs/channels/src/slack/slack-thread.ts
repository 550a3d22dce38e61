/**
 * A Slack thread is (channel, ts); Switchboard keeps it in Conversation.externalThreadId as "channel:ts".
 * "channel:" (no ts) is a conversation started by /ask whose first answer opens the thread.
 */
export interface SlackThread {
  channel: string;
  ts: string | null;
}

export function slackThreadId(channel: string, ts: string | null): string {
  return `${channel}:${ts ?? ''}`;
}

export function parseSlackThreadId(value: string | null | undefined): SlackThread | null {
  if (!value) return null;
  const separator = value.indexOf(':');
  if (separator <= 0) return null;
  const ts = value.slice(separator + 1);
  return { channel: value.slice(0, separator), ts: ts || null };
}
