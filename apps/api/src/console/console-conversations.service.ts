import { Injectable } from '@nestjs/common';
import { ConversationMessagesService } from '@switchboard/conversations';
import { WorkspaceId } from '@switchboard/database';
import { TicketsService } from '@switchboard/handoff';
import { ConsoleMessage, ConversationView, TicketView } from './console-views';
import { ConsoleViewsService } from './console-views.service';

export interface ConversationDetail {
  conversation: ConversationView;
  messages: ConsoleMessage[];
  tickets: TicketView[];
}

/** A conversation as agents see it (notes included), and what they write in it. */
@Injectable()
export class ConsoleConversationsService {
  constructor(
    private readonly messages: ConversationMessagesService,
    private readonly tickets: TicketsService,
    private readonly views: ConsoleViewsService,
  ) {}

  async detail(workspaceId: WorkspaceId, conversationId: string): Promise<ConversationDetail> {
    const conversation = await this.views.conversationView(workspaceId, conversationId);
    const [history, tickets] = await Promise.all([
      this.messages.history(workspaceId, conversationId, { includePrivate: true }),
      this.tickets.list(workspaceId, { conversationId }),
    ]);
    const [messages, ticketViews] = await Promise.all([
      this.views.consoleMessages(workspaceId, history),
      this.views.ticketViews(workspaceId, tickets),
    ]);
    return { conversation, messages, tickets: ticketViews };
  }

  /** A public reply (the agent must own the conversation) or, with isPrivate, an internal note. */
  async write(
    workspaceId: WorkspaceId,
    conversationId: string,
    agentId: string,
    input: { content: string; private?: boolean },
  ): Promise<ConsoleMessage> {
    const message = await this.messages.addAgentMessage(workspaceId, conversationId, agentId, input.content, {
      private: input.private ?? false,
    });
    const [view] = await this.views.consoleMessages(workspaceId, [message]);
    return view;
  }
}
