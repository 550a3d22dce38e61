import type { WorkspaceId } from '@switchboard/database';

/**
 * What Slack's buttons and the escalation mirror ask of handoff. Handoff sits above channels (it imports the channel
 * registry), so channels declares what it needs and the app binds it to handoff's services.
 */
export abstract class SlackHandoff {
  /** "Ask a human" under an answer. */
  abstract requestHuman(workspaceId: WorkspaceId, conversationId: string): Promise<void>;

  /** "Helpful" / "Not helpful" under an answer; a message that cannot be rated is left alone. */
  abstract recordFeedback(
    workspaceId: WorkspaceId,
    conversationId: string,
    messageId: string,
    rating: 'up' | 'down',
  ): Promise<void>;

  /** Claims the ticket for the agent: false when another agent has it or it is closed. */
  abstract claim(workspaceId: WorkspaceId, ticketId: string, agentId: string): Promise<boolean>;
}
