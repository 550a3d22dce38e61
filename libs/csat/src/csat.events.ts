import type { CsatChannel } from '@switchboard/database';

export const CSAT_SUBMITTED = 'csat.submitted';

/** A customer rated a conversation, or changed their rating; published after commit. */
export interface CsatSubmittedEvent {
  name: typeof CSAT_SUBMITTED;
  workspaceId: string;
  conversationId: string;
  ratingId: string;
  contactId: string | null;
  score: number;
  comment: string | null;
  channel: CsatChannel;
  /** The agent who resolved the conversation; null when the bot handled it alone. */
  agentId: string | null;
  /** A rating that replaced an earlier one. */
  changed: boolean;
  at: Date;
}
