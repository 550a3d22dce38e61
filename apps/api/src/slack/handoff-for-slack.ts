import { Injectable } from '@nestjs/common';
import { SlackHandoff } from '@switchboard/channels';
import { WorkspaceId } from '@switchboard/database';
import {
  CustomerTurnService,
  IllegalTicketTransitionError,
  MessageNotRateableError,
  TicketAlreadyClaimedError,
  TicketsService,
} from '@switchboard/handoff';

/** Binds what the Slack receiver asks of handoff (libs/channels' SlackHandoff) to handoff's services. */
@Injectable()
export class HandoffForSlack implements SlackHandoff {
  constructor(
    private readonly turns: CustomerTurnService,
    private readonly tickets: TicketsService,
  ) {}

  async requestHuman(workspaceId: WorkspaceId, conversationId: string): Promise<void> {
    await this.turns.requestHuman(workspaceId, conversationId);
  }

  async recordFeedback(
    workspaceId: WorkspaceId,
    conversationId: string,
    messageId: string,
    rating: 'up' | 'down',
  ): Promise<void> {
    try {
      await this.turns.recordFeedback(workspaceId, conversationId, messageId, rating);
    } catch (error) {
      if (!(error instanceof MessageNotRateableError)) throw error;
    }
  }

  async claim(workspaceId: WorkspaceId, ticketId: string, agentId: string): Promise<boolean> {
    try {
      await this.tickets.claim(workspaceId, ticketId, agentId);
      return true;
    } catch (error) {
      if (error instanceof TicketAlreadyClaimedError || error instanceof IllegalTicketTransitionError) return false;
      throw error;
    }
  }
}
