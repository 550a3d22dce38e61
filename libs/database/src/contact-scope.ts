import type { WorkspaceId } from './tenant.repository';

/**
 * One contact's footprint, as the privacy lib hands it to every lib that holds their data: the libs that link rows
 * to a conversation (traces, LLM calls, webhook deliveries, jobs) find the contact's rows through it.
 */
export interface ContactScope {
  workspaceId: WorkspaceId;
  contactId: string;
  /** Every conversation of the contact, in any inbox. */
  conversationIds: readonly string[];
  /** When the contact's earliest conversation started; null when they have none. */
  since: Date | null;
}

/** Rows (or keys, jobs, files) a holder removed, by what they are: `{ "messages": 12, "answerTraces": 3 }`. */
export type ErasureCounts = Record<string, number>;
