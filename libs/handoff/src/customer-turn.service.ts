import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { ActionTurn, ActionTurnService, VerifiedCustomer, verifiedEmail } from '@switchboard/actions';
import { AnswerResult, AnswerService, AnswerTracesService, InvalidQuestionError } from '@switchboard/answers';
import { AgentDirectoryService } from '@switchboard/auth';
import { ChannelRegistry, ConversationEventsBus, JsonValue } from '@switchboard/channels';
import {
  ConversationMessagesService,
  ConversationTurn,
  InboxesService,
  ReceivedMessage,
  WorkspacesService,
} from '@switchboard/conversations';
import type { Message } from '@switchboard/database';
import {
  HandoffReason,
  PlainMessageMetadata,
  Ticket,
  TurnRoute,
  Visibility,
  WorkspaceId,
  WorkspaceSettings,
  answerMetadataOf,
  detailsOf,
} from '@switchboard/database';
import { KnowledgeDocumentsService } from '@switchboard/knowledge';
import { isWithinBusinessHours } from './business-hours';
import { AnswerFeedback, NegativeFeedbackTracker, isHumanRequest } from './handoff-intent';
import { TicketsService } from './tickets.service';
import { TokenBatcher } from './token-batcher';
import { AnswerDraft } from './answer-draft';

/** What the bot did with a customer's message. */
export type BotTurnOutcome =
  | { kind: 'answered'; message: Message }
  | { kind: 'handed_off'; ticket: Ticket; message: Message | null }
  /** Someone else speaks here: an agent owns the conversation, it waits for one, or the message was a repeat. */
  | { kind: 'silent' };

export interface CustomerTurn extends ReceivedMessage {
  /** The bot's reply, written in the background; the caller need not wait for it. */
  reply: Promise<BotTurnOutcome>;
}

export interface CustomerTurnOptions {
  /** public for customers (widget, e-mail); public + internal for staff (Slack). */
  visibility?: Visibility[];
  /** Publish typing and token events on the conversation's live channel as the answer is written. */
  stream?: boolean;
  /** A stricter threshold for this channel (e-mail inboxes may set one). */
  threshold?: number;
}

export class MessageNotRateableError extends Error {
  constructor(readonly messageId: string) {
    super(`Message ${messageId} is not a bot answer in this conversation`);
    this.name = 'MessageNotRateableError';
  }
}

/** Live-only events of an answer being written; the stored message is what every client keeps. */
export const ANSWER_STREAM_EVENTS = ['answer.typing', 'answer.token', 'answer.reset', 'answer.discard'] as const;
export type AnswerStreamEvent = (typeof ANSWER_STREAM_EVENTS)[number];

const FEEDBACK_WINDOW = 10;
// Slack's chat.update allows about one edit a second per channel; answers done within 0.8 s are just posted.
const DRAFT_TIMING = { startAfterMs: 800, updateEveryMs: 1200 };
// Live tokens go out at most this often: an extractive answer arrives at once, a model's word by word.
const TOKEN_FLUSH_MS = 40;
const TICKET_SOURCES = 5;
// An action turn (match, one call and its retry) gives up here; the caller's own timeouts are shorter.
const ACTION_DEADLINE_MS = 20_000;
const ACTION_FAILED_MESSAGE =
  "I couldn't get that done in our systems just now, so I've passed your request to a colleague who will follow up.";

/**
 * A customer writes; the bot answers or hands off. Every channel goes through here, so the rules hold
 * everywhere: the bot speaks only while it owns the conversation, a request for a person, a low-confidence
 * answer, two thumbs-down in a row or a model failure opens a ticket, and the customer is told honestly.
 */
@Injectable()
export class CustomerTurnService implements OnModuleDestroy {
  private readonly logger = new Logger(CustomerTurnService.name);
  private readonly inFlight = new Set<Promise<BotTurnOutcome>>();
  private readonly feedbackTracker = new NegativeFeedbackTracker();

  constructor(
    private readonly messages: ConversationMessagesService,
    private readonly tickets: TicketsService,
    private readonly answers: AnswerService,
    private readonly traces: AnswerTracesService,
    private readonly bus: ConversationEventsBus,
    private readonly channels: ChannelRegistry,
    private readonly documents: KnowledgeDocumentsService,
    private readonly workspaces: WorkspacesService,
    private readonly inboxes: InboxesService,
    private readonly agents: AgentDirectoryService,
    private readonly actions: ActionTurnService,
  ) {}

  /**
   * Stores the customer's message once per clientMessageId and starts the bot's reply when the bot may speak. A
   * streamed (widget) reply is written here unless Redis is down: then the answer job is queued in the message's
   * transaction, through the outbox, like the Slack and e-mail answers.
   */
  async handleMessage(
    workspaceId: WorkspaceId,
    conversationId: string,
    input: { content: string; clientMessageId?: string | null; metadata?: PlainMessageMetadata },
    options: CustomerTurnOptions = {},
  ): Promise<CustomerTurn> {
    // A live answer needs Redis to reach the customer; while it is down the worker answers once it is back.
    const answerLater = options.stream === true && !(await this.bus.available());
    const received = await this.messages.receiveCustomerMessage(workspaceId, conversationId, { ...input, answerLater });
    if (answerLater && !received.duplicate && received.botMayAnswer) {
      this.logger.debug(`live events unavailable: the answer to ${received.message.id} waits in the outbox`);
    }
    const reply =
      received.duplicate || !received.botMayAnswer || answerLater
        ? Promise.resolve<BotTurnOutcome>({ kind: 'silent' })
        : this.track(this.respond(workspaceId, conversationId, received.message, options, received.earlierTurns));
    return { ...received, reply };
  }

  /**
   * The worker's side of a queued answer (Slack, e-mail): answers a stored customer message unless the bot no
   * longer owns the conversation or already replied to it (a redelivered job). Knowledge scope and threshold come
   * from the inbox: staff channels see internal sources; an inbox may set a stricter threshold than the workspace.
   */
  async answerStored(workspaceId: WorkspaceId, conversationId: string, messageId: string): Promise<BotTurnOutcome> {
    const message = await this.messages.findAuthoredMessage(workspaceId, conversationId, messageId, 'contact');
    if (!message) return { kind: 'silent' };
    if (await this.messages.botRepliedTo(workspaceId, conversationId, messageId)) return { kind: 'silent' };
    const conversation = await this.messages.getConversation(workspaceId, conversationId);
    if (conversation.owner !== 'bot') return { kind: 'silent' };
    const inbox = await this.inboxes.get(workspaceId, conversation.inboxId);
    if (!inbox) return { kind: 'silent' };
    const settings = await this.settings(workspaceId);
    const inboxThreshold = inbox.settings.confidenceThreshold;
    return this.respond(workspaceId, conversationId, message, {
      visibility: this.channels.forInbox(inbox).capabilities.internalKnowledge ? ['public', 'internal'] : ['public'],
      threshold:
        typeof inboxThreshold === 'number' ? Math.max(inboxThreshold, settings.confidenceThreshold) : undefined,
      stream: false,
    });
  }

  /** "Talk to a human": opens a ticket at once, whatever the bot's confidence. */
  async requestHuman(workspaceId: WorkspaceId, conversationId: string): Promise<BotTurnOutcome> {
    return this.handOff(workspaceId, conversationId, 'customer_asked', null, null);
  }

  /**
   * Records a thumbs up or down on a bot answer (and on its trace). Two thumbs-down in a row while the bot owns
   * the conversation hand it to a person.
   */
  async recordFeedback(
    workspaceId: WorkspaceId,
    conversationId: string,
    messageId: string,
    rating: 'up' | 'down',
  ): Promise<{ handedOff: boolean }> {
    const message = await this.messages.findAuthoredMessage(workspaceId, conversationId, messageId, 'bot');
    const answer = message ? answerMetadataOf(message) : null;
    if (!message || !answer) throw new MessageNotRateableError(messageId);
    await this.messages.setFeedback(workspaceId, message, rating);
    if (typeof answer.traceId === 'string') {
      await this.traces.recordFeedback(workspaceId, answer.traceId, rating === 'up');
    }
    const answers = await this.messages.recentAnswers(workspaceId, conversationId, FEEDBACK_WINDOW);
    const feedback = answers.map((answer): AnswerFeedback => (answer.id === message.id ? rating : answer.feedback));
    const reason = this.feedbackTracker.reasonFor(feedback);
    if (!reason) return { handedOff: false };
    const conversation = await this.messages.getConversation(workspaceId, conversationId);
    if (conversation.owner !== 'bot') return { handedOff: false };
    const outcome = await this.handOff(workspaceId, conversationId, reason, null, null);
    return { handedOff: outcome.kind === 'handed_off' };
  }

  /** The offline form: keeps the customer's e-mail on their contact and confirms it in the conversation. */
  async collectEmail(workspaceId: WorkspaceId, conversationId: string, email: string): Promise<void> {
    const conversation = await this.messages.getConversation(workspaceId, conversationId);
    await this.messages.updateContact(workspaceId, conversation.contactId, { email });
    // A line for the agents only: the widget thanks the customer itself, in their language, so they read one thank-you.
    await this.messages.addActivity(workspaceId, conversationId, `Customer left ${email} for a reply`, {
      metadata: { event: 'email_collected', email },
    });
  }

  /** Whether a person can pick a handoff up now: within business hours (if set) and with an agent online. */
  async agentsAvailable(workspaceId: WorkspaceId, settings?: WorkspaceSettings): Promise<boolean> {
    const resolved = settings ?? (await this.settings(workspaceId));
    if (resolved.businessHours && !isWithinBusinessHours(resolved.businessHours, new Date(), resolved.timezone)) {
      return false;
    }
    return this.agents.anyPresent(workspaceId);
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  private track(reply: Promise<BotTurnOutcome>): Promise<BotTurnOutcome> {
    const guarded = reply.catch((error: unknown): BotTurnOutcome => {
      this.logger.error(`bot reply failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return { kind: 'silent' };
    });
    this.inFlight.add(guarded);
    void guarded.finally(() => this.inFlight.delete(guarded));
    return guarded;
  }

  private async respond(
    workspaceId: WorkspaceId,
    conversationId: string,
    message: Message,
    options: CustomerTurnOptions,
    /** The turns before the message, when storing it read them; read here otherwise. */
    earlierTurns?: ConversationTurn[],
  ): Promise<BotTurnOutcome> {
    if (isHumanRequest(message.content)) {
      return this.handOff(workspaceId, conversationId, 'customer_asked', null, message.id);
    }
    const live = options.stream ?? false;
    const publish = (name: AnswerStreamEvent, data: { [key: string]: JsonValue }): Promise<void> =>
      live ? this.publish(workspaceId, conversationId, name, { replyTo: message.id, ...data }) : Promise.resolve();

    await publish('answer.typing', { who: 'bot' });
    const history = earlierTurns ?? (await this.messages.recentTurns(workspaceId, conversationId)).slice(0, -1);
    const action = await this.actionStep(workspaceId, conversationId, message, history, options);
    if (action?.kind === 'reply') return this.replyFromAction(workspaceId, conversationId, message, action);
    if (action?.kind === 'handoff') return this.handOffFailedAction(workspaceId, conversationId, message, action);
    let result: AnswerResult | null = null;
    let streamed = false;
    const tokens = new TokenBatcher(TOKEN_FLUSH_MS);
    const draft = live ? null : await this.draftFor(workspaceId, conversationId);
    try {
      for await (const event of this.answers.answerStream({
        workspaceId,
        question: message.content,
        history,
        visibility: options.visibility ?? ['public'],
        conversationId,
        messageId: message.id,
        threshold: options.threshold,
        route: action?.route,
      })) {
        if (event.type === 'token') {
          streamed = true;
          const batch = tokens.add(event.text, Date.now());
          if (batch !== null) await publish('answer.token', { text: batch });
          await draft?.append(event.text, Date.now());
        } else if (event.type === 'reset') {
          streamed = true;
          tokens.clear();
          await publish('answer.reset', { text: event.text });
          await draft?.replace(event.text, Date.now());
        } else {
          const rest = tokens.drain();
          if (rest !== null) await publish('answer.token', { text: rest });
          result = event.result;
        }
      }
    } catch (error) {
      if (error instanceof InvalidQuestionError) {
        // Nothing a person needs to see: the customer is asked to say it another way.
        if (streamed) await publish('answer.discard', {});
        const retry = await this.messages.addBotMessage(workspaceId, conversationId, {
          content: "Sorry, I couldn't read that message. Could you say it another way?",
          kind: 'message',
          replyToMessageId: message.id,
          metadata: { refused: error.code },
        });
        return retry ? { kind: 'answered', message: retry } : { kind: 'silent' };
      }
      this.logger.warn(`answering ${message.id} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (!result || result.decision === 'escalate') {
      if (streamed) await publish('answer.discard', {});
      return this.handOff(workspaceId, conversationId, result?.reason ?? 'llm_failure', result, message.id, draft?.id);
    }
    const stored = await this.messages.addBotMessage(workspaceId, conversationId, {
      content: result.text,
      kind: 'answer',
      replyToMessageId: message.id,
      metadata: {
        traceId: result.traceId,
        confidence: result.confidence,
        threshold: result.threshold,
        citations: result.citations.map(({ index, title, url, documentId }) => ({ index, title, url, documentId })),
        ...(draft?.id ? { draftId: draft.id } : {}),
      },
    });
    if (!stored) {
      // An agent took the conversation over while the answer was being written: it is never sent.
      await publish('answer.discard', {});
      await draft?.withdraw('A colleague has taken over this conversation.');
      return { kind: 'silent' };
    }
    return { kind: 'answered', message: stored };
  }

  /**
   * The agent pattern's share of the turn: when the workspace has actions, the planner may call one (or ask for an
   * argument, or for a yes) before the documents are consulted. Null when the workspace has none: nothing is read.
   */
  private async actionStep(
    workspaceId: WorkspaceId,
    conversationId: string,
    message: Message,
    history: ConversationTurn[],
    options: CustomerTurnOptions,
  ): Promise<ActionTurn | null> {
    if (!(await this.actions.hasActions(workspaceId))) return null;
    const [conversation] = await this.messages.conversationsWithParties(workspaceId, [conversationId]);
    if (!conversation?.inbox) return null;
    return this.actions.take({
      workspaceId,
      conversationId,
      question: message.content,
      history: history.map((turn) => ({ role: turn.role === 'customer' ? 'customer' : 'bot', text: turn.text })),
      channel: conversation.inbox.channel,
      visibility: options.visibility ?? ['public'],
      customer: verifiedCustomerOf(conversation.inbox.channel, conversation.contact ?? null, slackUserOf(message)),
      deadline: Date.now() + ACTION_DEADLINE_MS,
    });
  }

  /** An action's reply (its result, a follow-up question or a request to confirm), traced like an answer. */
  private async replyFromAction(
    workspaceId: WorkspaceId,
    conversationId: string,
    message: Message,
    action: Extract<ActionTurn, { kind: 'reply' }>,
  ): Promise<BotTurnOutcome> {
    const { confidenceThreshold } = await this.settings(workspaceId);
    const traced = {
      text: action.text,
      route: action.route,
      decision: 'answer',
      threshold: confidenceThreshold,
    } as const;
    const traceId = await this.traceAction(workspaceId, conversationId, message, traced);
    const stored = await this.messages.addBotMessage(workspaceId, conversationId, {
      content: action.text,
      kind: 'answer',
      replyToMessageId: message.id,
      metadata: {
        traceId,
        confidence: 1,
        threshold: confidenceThreshold,
        citations: [],
        ...(action.calls.length ? { actionCalls: action.route.calls ?? [] } : {}),
        ...(action.confirmation ? { confirmation: action.confirmation } : {}),
      },
    });
    return stored ? { kind: 'answered', message: stored } : { kind: 'silent' };
  }

  /** A call that failed after its retry: a person takes over, with the call in the handoff packet. */
  private async handOffFailedAction(
    workspaceId: WorkspaceId,
    conversationId: string,
    message: Message,
    action: Extract<ActionTurn, { kind: 'handoff' }>,
  ): Promise<BotTurnOutcome> {
    const { confidenceThreshold } = await this.settings(workspaceId);
    const traced = { text: '', route: action.route, decision: 'escalate', threshold: confidenceThreshold } as const;
    const traceId = await this.traceAction(workspaceId, conversationId, message, traced);
    return this.handOff(workspaceId, conversationId, 'action_failed', null, message.id, null, {
      answerTraceId: traceId,
      route: action.route,
    });
  }

  private async traceAction(
    workspaceId: WorkspaceId,
    conversationId: string,
    message: Message,
    {
      text,
      route,
      decision,
      threshold,
    }: { text: string; route: TurnRoute; decision: 'answer' | 'escalate'; threshold: number },
  ): Promise<string> {
    return this.traces.record({
      workspaceId,
      conversationId,
      messageId: message.id,
      question: message.content,
      retrieved: [],
      prompt: '',
      completion: text,
      model: route.planner === 'llm' ? 'tool-calling' : 'action-matcher',
      promptTokens: 0,
      completionTokens: 0,
      costUsd: '0',
      latencyMs: { total: (route.calls ?? []).reduce((sum, call) => sum + call.latencyMs, 0) },
      features: {},
      confidence: decision === 'answer' ? 1 : 0,
      threshold,
      decision,
      reason: decision === 'escalate' ? 'action_failed' : null,
      cacheHit: false,
      route,
    });
  }

  private async handOff(
    workspaceId: WorkspaceId,
    conversationId: string,
    reason: HandoffReason,
    result: AnswerResult | null,
    replyTo: string | null,
    /** A long answer's draft on the channel, which the handoff notice replaces. */
    draftId: string | null = null,
    /** A failed action: its trace and route (with the call) go into the handoff packet. */
    failedAction: { answerTraceId: string; route: TurnRoute } | null = null,
  ): Promise<BotTurnOutcome> {
    const settings = await this.settings(workspaceId);
    const { ticket, created } = await this.tickets.openTicket(workspaceId, conversationId, {
      reason,
      answerTraceId: result?.traceId ?? failedAction?.answerTraceId ?? null,
      confidenceTrace: failedAction
        ? { threshold: settings.confidenceThreshold, route: failedAction.route as unknown as JsonValue }
        : result
          ? {
              confidence: result.confidence,
              threshold: result.threshold,
              decision: result.decision,
              reason: result.reason,
              features: result.features,
              draft: result.draft,
            }
          : { threshold: settings.confidenceThreshold },
      sources: await this.sourcesOf(workspaceId, result),
    });
    if (!created) return { kind: 'handed_off', ticket, message: null };
    const available = await this.agentsAvailable(workspaceId, settings);
    const contact = await this.messages.contactOf(workspaceId, conversationId);
    const content = available ? handoffMessageFor(reason, settings) : settings.offlineMessage;
    const message = await this.messages.addBotMessage(workspaceId, conversationId, {
      content,
      notice: true,
      kind: available ? 'handoff' : 'offline',
      replyToMessageId: replyTo,
      metadata: {
        reason,
        ticketId: ticket.id,
        collectEmail: !available && !contact?.email,
        ...(draftId ? { draftId } : {}),
      },
    });
    return { kind: 'handed_off', ticket, message };
  }

  /** A draft writer when the conversation's channel can show long answers progressively (Slack), else null. */
  private async draftFor(workspaceId: WorkspaceId, conversationId: string): Promise<AnswerDraft | null> {
    const conversation = await this.messages.getConversation(workspaceId, conversationId);
    const inbox = await this.inboxes.getWithSecrets(workspaceId, conversation.inboxId);
    const adapter = inbox && this.channels.has(inbox.channel) ? this.channels.forInbox(inbox) : null;
    if (!inbox || !adapter?.startDraft) return null;
    const startDraft = adapter.startDraft.bind(adapter);
    return new AnswerDraft(
      (text) => startDraft({ workspaceId, inbox, conversation, text }),
      DRAFT_TIMING,
      (error) => this.logger.warn(`answer draft stopped: ${error instanceof Error ? error.message : String(error)}`),
    );
  }

  /** The documents the bot looked at, best first, once each: the agent starts from them. */
  private async sourcesOf(workspaceId: WorkspaceId, result: AnswerResult | null): Promise<Ticket['sources']> {
    if (!result) return [];
    const seen = new Map<string, Ticket['sources'][number]>();
    for (const citation of result.citations) {
      if (!seen.has(citation.documentId))
        seen.set(citation.documentId, { documentId: citation.documentId, title: citation.title, url: citation.url });
    }
    const retrievedIds = result.retrieved.map((chunk) => chunk.documentId).filter((id) => !seen.has(id));
    if (retrievedIds.length > 0) {
      const byId = new Map((await this.documents.summaries(workspaceId, retrievedIds)).map((row) => [row.id, row]));
      for (const id of retrievedIds) {
        const row = byId.get(id);
        if (row && !seen.has(id)) seen.set(id, { documentId: id, title: row.title, url: row.url });
      }
    }
    return [...seen.values()].slice(0, TICKET_SOURCES);
  }

  private settings(workspaceId: WorkspaceId): Promise<WorkspaceSettings> {
    return this.workspaces.settings(workspaceId);
  }

  private async publish(
    workspaceId: WorkspaceId,
    conversationId: string,
    name: AnswerStreamEvent,
    data: { [key: string]: JsonValue },
  ): Promise<void> {
    try {
      await this.bus.publish(workspaceId, conversationId, { kind: 'domain', name, workspaceId, conversationId, data });
    } catch (error) {
      // A lost live token is repaired by the stored message; the answer itself must not fail for it.
      this.logger.warn(`could not publish ${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

/** Each reason for a handoff has its own honest message: "I'm not sure" only when the bot was unsure. */
export function handoffMessageFor(reason: HandoffReason, settings: WorkspaceSettings): string {
  switch (reason) {
    case 'low_confidence':
      return settings.handoffMessage;
    case 'customer_asked':
      return settings.humanRequestMessage;
    case 'negative_feedback':
      return settings.negativeFeedbackMessage;
    case 'llm_failure':
      return settings.failureMessage;
    case 'policy':
      return settings.policyMessage;
    case 'action_failed':
      return ACTION_FAILED_MESSAGE;
  }
}

/** The Slack user id stored on a message received from Slack, or null. */
function slackUserOf(message: Message): string | null {
  const details = detailsOf(message);
  const user = details.kind === 'message' ? details.metadata.slack?.user : undefined;
  return typeof user === 'string' && user !== '' ? user : null;
}

/** Who the customer is, as far as the channel proves it: a widget's verified user, an e-mail's sender. */
export function verifiedCustomerOf(
  channel: string,
  contact: { email: string | null; externalId: string | null } | null,
  /** The Slack user who wrote the message (Slack signed the event that carried it). */
  slackUser: string | null = null,
): VerifiedCustomer | null {
  // A Slack user is proven by Slack's signature: their id fills identity parameters that are not e-mails.
  if (channel === 'slack') return slackUser ? { email: null, userId: slackUser } : null;
  if (!contact) return null;
  if (channel === 'widget') {
    // externalId is set only for a user the host page proved with user_hash; an e-mail typed in the widget is not.
    return contact.externalId ? { email: verifiedEmail(contact.externalId), userId: contact.externalId } : null;
  }
  if (channel === 'email') return contact.email ? { email: verifiedEmail(contact.email), userId: null } : null;
  return null;
}
