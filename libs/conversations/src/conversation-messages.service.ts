import { Inject, Injectable, Optional } from '@nestjs/common';
import {
  ActivityMetadata,
  Contact,
  ContactInbox,
  Conversation,
  ConversationOwner,
  DomainEvent,
  Message,
  MessageAuthor,
  MessageDetails,
  MessageFeedback,
  PlainMessageMetadata,
  UnitOfWork,
  Work,
  WorkspaceId,
  answerMetadataOf,
  asWorkspaceId,
  detailsOf,
  isUuid,
} from '@switchboard/database';
import { OutboxService } from '@switchboard/queue';
import { EntityManager, QueryFailedError } from 'typeorm';
import { ContactOfSource, ContactsRepository } from './contacts.repository';
import {
  ConversationNotFoundError,
  ConversationOwnershipService,
  OwnershipChangedEvent,
} from './conversation-ownership.service';
import {
  ANSWER_FEEDBACK,
  AnswerFeedbackEvent,
  CONVERSATION_CREATED,
  ConversationCreatedEvent,
  MESSAGE_CREATED,
  MessageCreatedEvent,
  OWNERSHIP_EVENT_NAMES,
} from './conversation.events';
import { ConversationsRepository } from './conversations.repository';
import { InboxesRepository } from './inboxes.repository';
import { CustomerMessageHooksRegistry, OutgoingMessageHooksRegistry } from './message-hooks.registry';
import { MessagesRepository, NewMessage } from './messages.repository';
import { MessageAttachmentsRepository, NewAttachment } from './attachments/message-attachments.repository';
import { botMayAnswer } from './ownership.state-machine';

/** A turn of the conversation as the answer service sees it (structurally the same as answers' ConversationTurn). */
export interface ConversationTurn {
  role: 'customer' | 'bot' | 'agent';
  text: string;
  /** For a bot answer, the documents it cited: what the conversation was about at that turn. */
  documentIds?: string[];
}

export interface ReceivedMessage {
  message: Message;
  /** The turns before this message, oldest first, when storing it read them too (a message to the bot). */
  earlierTurns?: ConversationTurn[];
  /** True when this clientMessageId was already stored: nothing was written or emitted. */
  duplicate: boolean;
  /** Read under the conversation's row lock: false whenever an agent or the queue owned it at that moment. */
  botMayAnswer: boolean;
}

export interface OpenedConversation {
  contact: Contact;
  contactInbox: ContactInbox;
  conversation: Conversation;
}

export class InboxNotFoundError extends Error {
  constructor(readonly inboxId: string) {
    super(`Inbox ${inboxId} not found`);
    this.name = 'InboxNotFoundError';
  }
}

export class AgentNotFoundError extends Error {
  constructor(readonly agentId: string) {
    super(`Agent ${agentId} not found`);
    this.name = 'AgentNotFoundError';
  }
}

/** A public reply from an agent who does not own the conversation (claim it first); notes are always allowed. */
export class NotConversationOwnerError extends Error {
  constructor(
    readonly conversationId: string,
    readonly agentId: string,
  ) {
    super(`Agent ${agentId} does not own conversation ${conversationId}: claim it before replying`);
    this.name = 'NotConversationOwnerError';
  }
}

const DEFAULT_TURNS = 10;
const HISTORY_LIMIT = 500;

/** A bot message: its kind with that kind's metadata, and the customer message it answers. */
export type NewBotMessage = MessageDetails & {
  content: string;
  replyToMessageId?: string | null;
  notice?: boolean;
  /** Joins the caller's unit of work: message.created goes out when it commits. */
  work?: Work;
};

/** Stores what is said in a conversation; every write holds the conversation's row lock, so order and ownership agree. */
/** Who is writing, as the channel knows them: (inboxId, sourceId) identifies the visitor in that inbox. */
export interface VisitorIdentity {
  inboxId: string;
  sourceId: string;
  name?: string | null;
  email?: string | null;
  externalId?: string | null;
}

@Injectable()
export class ConversationMessagesService {
  constructor(
    private readonly conversations: ConversationsRepository,
    private readonly messages: MessagesRepository,
    private readonly contacts: ContactsRepository,
    private readonly inboxes: InboxesRepository,
    private readonly ownership: ConversationOwnershipService,
    private readonly hooks: CustomerMessageHooksRegistry,
    private readonly unitOfWork: UnitOfWork,
    private readonly outgoingHooks: OutgoingMessageHooksRegistry,
    private readonly attachments: MessageAttachmentsRepository,
    // Present in the api and the worker (QueueModule is global there); only queued answers need it.
    // `| null` makes the emitted parameter type Object: the token must be named.
    @Optional() @Inject(OutboxService) private readonly outbox: OutboxService | null = null,
  ) {}

  /** The contact behind (inboxId, sourceId), created on first contact; safe against two first messages racing. */
  async findOrCreateContact(workspaceId: WorkspaceId, input: VisitorIdentity): Promise<ContactOfSource> {
    asWorkspaceId(workspaceId);
    const inbox = await this.inboxes.findById(workspaceId, input.inboxId);
    if (!inbox) throw new InboxNotFoundError(input.inboxId);
    const existing = await this.contacts.findBySource(workspaceId, input.inboxId, input.sourceId);
    if (existing) return existing;
    // One transaction: when another request creates this visitor first, theirs is kept and ours dropped unseen.
    return this.unitOfWork.run(workspaceId, (work) =>
      this.contacts.withManager(work.manager).createForSource(workspaceId, {
        inboxId: input.inboxId,
        sourceId: input.sourceId,
        name: input.name ?? null,
        email: input.email ?? null,
        externalId: input.externalId ?? null,
      }),
    );
  }

  /** Opens a new bot-owned conversation for the visitor (inboxId, sourceId). */
  async openConversation(workspaceId: WorkspaceId, input: VisitorIdentity): Promise<OpenedConversation> {
    const { contact, contactInbox } = await this.findOrCreateContact(workspaceId, input);
    const conversation = await this.unitOfWork.runStatement(workspaceId, async (work) => {
      const created = await this.conversations.withManager(work.manager).create(workspaceId, {
        inboxId: input.inboxId,
        contactId: contact.id,
        owner: 'bot',
        assigneeId: null,
      });
      work.raise(conversationCreated(created));
      return created;
    });
    return { contact, contactInbox, conversation };
  }

  /**
   * Opens a bot-owned conversation for a visitor nobody has seen (their source id was just minted), creating their
   * contact with it, in one statement.
   */
  async openForNewVisitor(
    workspaceId: WorkspaceId,
    visitor: VisitorIdentity,
  ): Promise<{ contactId: string; conversationId: string }> {
    try {
      return await this.unitOfWork.runStatement(workspaceId, async (work) => {
        const opened = await this.conversations.withManager(work.manager).openForNewContact(workspaceId, {
          inboxId: visitor.inboxId,
          sourceId: visitor.sourceId,
          name: visitor.name ?? null,
          email: visitor.email ?? null,
        });
        const { contactId, conversationId } = opened;
        work.raise(conversationCreated({ id: conversationId, workspaceId, inboxId: visitor.inboxId, contactId }));
        return opened;
      });
    } catch (error) {
      if (isForeignKeyViolation(error)) throw new InboxNotFoundError(visitor.inboxId);
      throw error;
    }
  }

  async getConversation(workspaceId: WorkspaceId, conversationId: string): Promise<Conversation> {
    const conversation = await this.conversations.findById(workspaceId, conversationId);
    if (!conversation) throw new ConversationNotFoundError(conversationId);
    return conversation;
  }

  /**
   * Stores a customer message once per clientMessageId, reopens a resolved conversation, lets handoff react
   * (ticket reopen) and reads whether the bot may answer, all under one row lock.
   */
  async receiveCustomerMessage(
    workspaceId: WorkspaceId,
    conversationId: string,
    input: {
      content: string;
      clientMessageId?: string | null;
      metadata?: PlainMessageMetadata;
      /** Channels without a live stream (Slack, e-mail): the worker answers, through a job written here. */
      answerLater?: boolean;
      /** A file the customer sent (its blob already stored): its row goes in with the message. */
      attachment?: NewAttachment;
    },
  ): Promise<ReceivedMessage> {
    // The common turn, a customer writing to the bot, is one statement; anything else takes the transaction below.
    const oneStatement = !input.answerLater && !input.attachment;
    const toTheBot = oneStatement ? await this.receiveWhileBotOwns(workspaceId, conversationId, input) : null;
    if (toTheBot) return toTheBot;
    return this.unitOfWork.run(workspaceId, async (work): Promise<ReceivedMessage> => {
      const { manager } = work;
      const conversation = await this.lockConversation(manager, workspaceId, conversationId);
      const ownerBefore = conversation.owner;
      if (ownerBefore === 'resolved') {
        // Rare: the retry check comes first here, so a retry never reopens, and the reopening precedes the message.
        const retried = await this.findRetry(manager, workspaceId, conversationId, input.clientMessageId);
        if (retried) return { message: retried, duplicate: true, botMayAnswer: false };
        await this.ownership.apply(workspaceId, conversationId, 'reopen', { work });
      }
      const message = await this.insert(work, conversationId, customerMessage(input, ownerBefore));
      if (!message) {
        // A retry of a message already stored (same clientMessageId): nothing is written or raised again.
        const retried = await this.findRetry(manager, workspaceId, conversationId, input.clientMessageId);
        if (!retried) throw new Error(`conversation ${conversationId}: a message collided, but no retry is stored`);
        return { message: retried, duplicate: true, botMayAnswer: false };
      }
      if (input.attachment) await this.attach(work, conversation, message, input.attachment);
      await this.hooks.run({ work, conversation, ownerBefore, message });
      const owner = ownerAfter(work, conversationId, ownerBefore);
      if (input.answerLater && botMayAnswer(owner)) {
        if (!this.outbox) throw new Error('Queued answers need QueueModule');
        await this.outbox.add(manager, 'answers.answer-message', {
          workspaceId,
          conversationId,
          messageId: message.id,
        });
      }
      return { message, duplicate: false, botMayAnswer: botMayAnswer(owner) };
    });
  }

  /**
   * A customer message to a conversation the bot owns, when no hook acts on such messages: stored, with the
   * conversation's activity marked, in one statement. Null, with no message stored, in every other case.
   */
  private async receiveWhileBotOwns(
    workspaceId: WorkspaceId,
    conversationId: string,
    input: { content: string; clientMessageId?: string | null; metadata?: PlainMessageMetadata },
  ): Promise<ReceivedMessage | null> {
    if (this.hooks.actOn('bot')) return null;
    return this.unitOfWork.runStatement(workspaceId, async (work) => {
      const messages = this.messages.withManager(work.manager);
      const stored = await messages.insertWhileBotOwns(workspaceId, conversationId, customerMessage(input, 'bot'), {
        dialogueBefore: DEFAULT_TURNS - 1,
      });
      if (!stored) return null;
      work.raise(messageCreated(stored.message));
      const earlierTurns = turnsOf([...stored.dialogueBefore].reverse());
      return { message: stored.message, earlierTurns, duplicate: false, botMayAnswer: true };
    });
  }

  /**
   * Stores a bot message. An answer (the default) is refused, returning null, when the bot no longer owns the
   * conversation: an agent who claimed it while the answer was being written is never talked over. A notice
   * (the handoff or offline message) is always stored. Given a unit of work it joins it: message.created goes out
   * when that unit commits.
   */
  async addBotMessage(workspaceId: WorkspaceId, conversationId: string, input: NewBotMessage): Promise<Message | null> {
    const answered = await this.answerWhileBotOwns(workspaceId, conversationId, input);
    if (answered) return answered;
    return this.unitOfWork.run(
      workspaceId,
      async (work): Promise<Message | null> => {
        const conversation = await this.lockConversation(work.manager, workspaceId, conversationId);
        if (!input.notice && !botMayAnswer(conversation.owner)) return null;
        return this.append(work, conversationId, botMessage(input));
      },
      input.work,
    );
  }

  /**
   * A bot answer on its own (no notice, no outer unit) that no outgoing hook acts on (a live channel's): stored while
   * the bot owns the conversation, in one statement. Null, with nothing stored, otherwise: addBotMessage decides then.
   */
  private async answerWhileBotOwns(
    workspaceId: WorkspaceId,
    conversationId: string,
    input: NewBotMessage,
  ): Promise<Message | null> {
    if (input.notice || input.work || (await this.outgoingHooks.actOn(workspaceId, conversationId))) return null;
    const deliveryStatus = (await this.outgoingHooks.deliveredOnStore(workspaceId, conversationId))
      ? 'sent'
      : 'pending';
    return this.unitOfWork.runStatement(workspaceId, async (work) => {
      const messages = this.messages.withManager(work.manager);
      const stored = await messages.insertWhileBotOwns(workspaceId, conversationId, {
        ...botMessage(input),
        deliveryStatus,
      });
      if (stored) work.raise(messageCreated(stored.message));
      return stored?.message ?? null;
    });
  }

  /**
   * An agent's reply (or, with private, an internal note that never reaches the customer). A public reply needs the
   * agent to own the conversation, read under its row lock: NotConversationOwnerError otherwise.
   */
  async addAgentMessage(
    workspaceId: WorkspaceId,
    conversationId: string,
    agentId: string,
    content: string,
    options: { private?: boolean; metadata?: PlainMessageMetadata; clientMessageId?: string } = {},
  ): Promise<Message> {
    return this.unitOfWork.run(workspaceId, async (work) => {
      const { manager } = work;
      const conversation = await this.lockConversation(manager, workspaceId, conversationId);
      if (!(await this.messages.withManager(manager).isAgentOf(workspaceId, agentId))) {
        throw new AgentNotFoundError(agentId);
      }
      const isPrivate = options.private ?? false;
      if (!isPrivate && !(conversation.owner === 'agent' && conversation.assigneeId === agentId)) {
        throw new NotConversationOwnerError(conversationId, agentId);
      }
      return this.append(work, conversationId, {
        direction: 'outgoing',
        author: 'agent',
        agentId,
        content,
        private: isPrivate,
        deliveryStatus: isPrivate ? 'delivered' : 'pending',
        clientMessageId: options.clientMessageId ?? null,
        kind: 'message',
        metadata: options.metadata ?? {},
      });
    });
  }

  /**
   * A line in the transcript ("Handed back to the bot"). Given a unit of work it joins it: message.created goes out
   * when that unit commits.
   */
  addActivity(
    workspaceId: WorkspaceId,
    conversationId: string,
    text: string,
    options: { metadata?: ActivityMetadata; work?: Work } = {},
  ): Promise<Message> {
    return this.unitOfWork.run(
      workspaceId,
      async (work) => {
        await this.lockConversation(work.manager, workspaceId, conversationId);
        return this.append(work, conversationId, {
          direction: 'activity',
          author: 'system',
          content: text,
          deliveryStatus: 'delivered',
          kind: 'activity',
          metadata: options.metadata ?? {},
        });
      },
      options.work,
    );
  }

  /**
   * Marks an outgoing message sent when its channel delivers through the live stream (the widget): one statement, no
   * read. Only a pending message changes: a private, already sent or unknown one is left as it is.
   */
  async markSentOnStream(workspaceId: WorkspaceId, messageId: string): Promise<void> {
    await this.messages.markSentIfPending(workspaceId, messageId);
  }

  /** The transcript in order; internal notes only when the reader is an agent. */
  async history(
    workspaceId: WorkspaceId,
    conversationId: string,
    options: { includePrivate: boolean; limit?: number },
  ): Promise<Message[]> {
    await this.getConversation(workspaceId, conversationId);
    const rows = await this.messages.newest(workspaceId, conversationId, {
      includePrivate: options.includePrivate,
      limit: options.limit ?? HISTORY_LIMIT,
    });
    return rows.reverse();
  }

  /** The last turns for the answer service, oldest first: the agent's turns included, notes and activity left out. */
  async recentTurns(
    workspaceId: WorkspaceId,
    conversationId: string,
    options: { limit?: number; manager?: EntityManager } = {},
  ): Promise<ConversationTurn[]> {
    const rows = await this.recentDialogue(
      workspaceId,
      conversationId,
      options.limit ?? DEFAULT_TURNS,
      options.manager,
    );
    return turnsOf(rows);
  }

  /** The last `limit` public messages of the customer, the bot and agents, oldest first, as stored. */
  async recentDialogue(
    workspaceId: WorkspaceId,
    conversationId: string,
    limit: number,
    manager?: EntityManager,
  ): Promise<Message[]> {
    const messages = manager ? this.messages.withManager(manager) : this.messages;
    return (await messages.newestDialogue(workspaceId, conversationId, limit)).reverse();
  }

  /** The conversation's message by this author, or null. */
  findAuthoredMessage(
    workspaceId: WorkspaceId,
    conversationId: string,
    messageId: string,
    author: MessageAuthor,
  ): Promise<Message | null> {
    return this.messages.findByAuthor(workspaceId, conversationId, messageId, author);
  }

  /** Whether the bot has already replied to the customer's message. */
  botRepliedTo(workspaceId: WorkspaceId, conversationId: string, messageId: string): Promise<boolean> {
    return this.messages.botRepliedTo(workspaceId, conversationId, messageId);
  }

  /** The bot's last `limit` answers in the conversation, oldest first. */
  async recentAnswers(workspaceId: WorkspaceId, conversationId: string, limit: number): Promise<Message[]> {
    return (await this.messages.newestAnswers(workspaceId, conversationId, limit)).reverse();
  }

  /** Stores the customer's rating of a bot answer; answer.feedback goes out once it is stored. */
  setFeedback(workspaceId: WorkspaceId, answer: Message, feedback: MessageFeedback): Promise<void> {
    return this.unitOfWork.runStatement(workspaceId, async (work) => {
      await this.messages.withManager(work.manager).setFeedback(workspaceId, answer.id, feedback);
      work.raise(answerFeedback(answer, feedback));
    });
  }

  /** Ratings given to messages written since `since`, counted by rating. */
  feedbackCountsSince(workspaceId: WorkspaceId, since: Date): Promise<{ up: number; down: number }> {
    return this.messages.feedbackCountsSince(workspaceId, since);
  }

  /** The contact the conversation is with; null for a conversation this workspace does not have. */
  async contactOf(workspaceId: WorkspaceId, conversationId: string): Promise<Contact | null> {
    const conversation = await this.conversations.findById(workspaceId, conversationId, {
      select: { id: true, contactId: true },
    });
    return conversation ? this.contacts.findById(workspaceId, conversation.contactId) : null;
  }

  /**
   * Row-locks the conversation until the unit of work ends, without marking activity: a change that is not a message
   * (a ticket's) takes the same lock as messages, first, so the two are serialised and never deadlock.
   */
  async lockForChange(work: Work, conversationId: string): Promise<Conversation> {
    const conversation = await this.conversations
      .withManager(work.manager)
      .findById(work.workspaceId, conversationId, { lock: 'update' });
    if (!conversation) throw new ConversationNotFoundError(conversationId);
    return conversation;
  }

  /** Every write starts here: the conversation's row lock, and its activity marked, in one statement. */
  private async lockConversation(
    manager: EntityManager,
    workspaceId: WorkspaceId,
    conversationId: string,
  ): Promise<Conversation> {
    const conversation = await this.conversations.withManager(manager).touchLocked(workspaceId, conversationId);
    if (!conversation) throw new ConversationNotFoundError(conversationId);
    return conversation;
  }

  private async attach(work: Work, conversation: Conversation, message: Message, file: NewAttachment): Promise<void> {
    await this.attachments.withManager(work.manager).insertReturningId(work.workspaceId, {
      ...file,
      conversationId: conversation.id,
      messageId: message.id,
      contactId: conversation.contactId,
    });
  }

  /** Stores a message that cannot be a retry (no clientMessageId). */
  private async append(work: Work, conversationId: string, values: NewMessage): Promise<Message> {
    const message = await this.insert(work, conversationId, values);
    if (!message) throw new Error(`a message of conversation ${conversationId} collided with a stored one`);
    return message;
  }

  /**
   * Stores the message in the unit of work and raises message.created on it; null, with nothing written, when its
   * clientMessageId is already stored (a retry). One statement returns the stored row: no read-back.
   */
  private async insert(work: Work, conversationId: string, values: NewMessage): Promise<Message | null> {
    const { manager, workspaceId } = work;
    const message = await this.messages.withManager(manager).insertUnlessRetry(workspaceId, conversationId, values);
    if (!message) return null;
    if (message.direction === 'outgoing' && !message.private) {
      await this.outgoingHooks.run({ manager, workspaceId, conversationId, message });
    }
    work.raise(messageCreated(message));
    return message;
  }

  /** The stored message that a message with this clientMessageId would repeat, if any. */
  private async findRetry(
    manager: EntityManager,
    workspaceId: WorkspaceId,
    conversationId: string,
    clientMessageId: string | null | undefined,
  ): Promise<Message | null> {
    if (!clientMessageId) return null;
    return this.messages.withManager(manager).findRetry(workspaceId, conversationId, clientMessageId);
  }

  /** The earliest conversation of the workspace with these columns; an id that is not a UUID matches none. */
  async findConversation(
    workspaceId: WorkspaceId,
    where: { id?: string; inboxId?: string; contactId?: string; externalThreadId?: string },
  ): Promise<Conversation | null> {
    if (where.id !== undefined && !isUuid(where.id)) return null;
    return this.conversations.findOne(workspaceId, where, { order: { createdAt: 'ASC' } });
  }

  /**
   * The conversation of an external thread (a Slack thread, the root Message-ID of an e-mail thread), opened for the
   * visitor when there is none: `reuse` 'inbox' takes any conversation of the thread in the inbox, 'contact' only the
   * visitor's own, 'never' always opens one (Slack's /ask). The find and the insert run in one unit of work under a
   * transaction-scoped advisory lock on (inbox, thread): deliveries racing on a new thread get one conversation, and
   * the lock is held by the connection doing the work, not by an idle one.
   */
  async openThread(
    workspaceId: WorkspaceId,
    visitor: VisitorIdentity,
    externalThreadId: string,
    reuse: 'inbox' | 'contact' | 'never',
  ): Promise<Conversation> {
    const { contact } = await this.findOrCreateContact(workspaceId, visitor);
    const { inboxId } = visitor;
    return this.unitOfWork.run(workspaceId, async (work) => {
      const conversations = this.conversations.withManager(work.manager);
      if (reuse !== 'never') {
        await conversations.lockThread(inboxId, externalThreadId);
        const scope = reuse === 'contact' ? { contactId: contact.id } : {};
        const thread = { inboxId, externalThreadId, ...scope };
        const existing = await conversations.findOne(workspaceId, thread, { order: { createdAt: 'ASC' } });
        if (existing) return existing;
      }
      const opened = { inboxId, contactId: contact.id, owner: 'bot' as const, assigneeId: null, externalThreadId };
      const created = await conversations.create(workspaceId, opened);
      work.raise(conversationCreated(created));
      return created;
    });
  }

  /** The conversation's external thread becomes `to` if it is still `from` (Slack's /ask thread, once posted). */
  async moveThread(workspaceId: WorkspaceId, conversationId: string, from: string, to: string): Promise<void> {
    await this.unitOfWork.run(workspaceId, async ({ manager }) => {
      const conversations = this.conversations.withManager(manager);
      const conversation = await conversations.findById(workspaceId, conversationId, { lock: 'no_key_update' });
      if (conversation?.externalThreadId === from) {
        await conversations.update(workspaceId, conversationId, { externalThreadId: to });
      }
    });
  }

  async findContact(workspaceId: WorkspaceId, contactId: string): Promise<Contact | null> {
    return isUuid(contactId) ? this.contacts.findById(workspaceId, contactId) : null;
  }

  /** The message a channel stored under its own id (clientMessageId), in one conversation or anywhere in an inbox. */
  findByClientMessageId(
    workspaceId: WorkspaceId,
    clientMessageId: string,
    scope: { conversationId: string } | { inboxId: string },
  ): Promise<Pick<Message, 'id' | 'conversationId'> | null> {
    return this.messages.findByClientMessageId(workspaceId, clientMessageId, scope);
  }

  /** The latest incoming message of the conversation, up to `at`, whose metadata has this key (e-mail headers). */
  latestIncomingWith(workspaceId: WorkspaceId, conversationId: string, key: string, at: Date): Promise<Message | null> {
    return this.messages.latestIncomingWith(workspaceId, conversationId, key, at);
  }

  /** What the channel made of an outgoing message: sent (with the channel's id for it) or failed. */
  async recordDelivery(
    workspaceId: WorkspaceId,
    message: Pick<Message, 'id' | 'metadata'>,
    outcome: { status: 'sent'; externalId?: string } | { status: 'failed' },
  ): Promise<void> {
    const externalId = outcome.status === 'sent' ? outcome.externalId : undefined;
    const metadata = externalId ? { metadata: { ...message.metadata, externalId } } : {};
    await this.messages.update(workspaceId, message.id, { deliveryStatus: outcome.status, ...metadata });
  }

  /** A bounce named this outgoing message: it is marked failed and undeliverable. Returns whether it was ours. */
  markUndeliverable(workspaceId: WorkspaceId, messageId: string, bounceMessageId: string): Promise<boolean> {
    return isUuid(messageId)
      ? this.messages.markUndeliverable(workspaceId, messageId, bounceMessageId)
      : Promise.resolve(false);
  }

  /** One message of the workspace, or null; with `conversationId`, only one of that conversation. */
  async findMessage(
    workspaceId: WorkspaceId,
    messageId: string,
    scope: { conversationId?: string; includePrivate: boolean },
  ): Promise<Message | null> {
    if (!isUuid(messageId) || (scope.conversationId !== undefined && !isUuid(scope.conversationId))) return null;
    return this.messages.findOne(workspaceId, {
      id: messageId,
      ...(scope.conversationId !== undefined ? { conversationId: scope.conversationId } : {}),
      ...(scope.includePrivate ? {} : { private: false }),
    });
  }

  /** The id of the visitor's (inboxId, sourceId) latest conversation, or null when they have none. */
  latestConversationId(workspaceId: WorkspaceId, inboxId: string, sourceId: string): Promise<string | null> {
    return this.conversations.latestIdOfSource(workspaceId, inboxId, sourceId);
  }

  /** Changes the contact's name or e-mail (nothing else of theirs). */
  async updateContact(
    workspaceId: WorkspaceId,
    contactId: string,
    changes: Partial<Pick<Contact, 'name' | 'email'>>,
  ): Promise<void> {
    await this.contacts.update(workspaceId, contactId, changes);
  }

  /** These conversations of the workspace with their inbox and contact, in one query; unknown ids are left out. */
  conversationsWithParties(workspaceId: WorkspaceId, conversationIds: readonly string[]): Promise<Conversation[]> {
    return this.conversations.withParties(workspaceId, conversationIds);
  }

  /**
   * The latest message of each of these conversations that the customer could see (activity lines and notes left
   * out), by conversation id, in one query.
   */
  lastVisibleMessages(
    workspaceId: WorkspaceId,
    conversationIds: readonly string[],
  ): Promise<Map<string, Pick<Message, 'content' | 'author' | 'createdAt'>>> {
    return this.messages.lastVisible(workspaceId, conversationIds);
  }
}

/** The conversation's owner after what this unit has done: the last ownership change raised on it, if any. */
function ownerAfter(work: Work, conversationId: string, ownerBefore: ConversationOwner): ConversationOwner {
  const changes = work
    .raisedSoFar()
    .filter(
      (event): event is OwnershipChangedEvent => isOwnershipChange(event) && event.conversationId === conversationId,
    );
  return changes.at(-1)?.to ?? ownerBefore;
}

function isOwnershipChange(event: DomainEvent): event is OwnershipChangedEvent {
  return (OWNERSHIP_EVENT_NAMES as readonly string[]).includes(event.name);
}

/** A customer's message as stored, with who owned the conversation when it arrived. */
function customerMessage(
  input: { content: string; clientMessageId?: string | null; metadata?: PlainMessageMetadata },
  ownerAtReceipt: ConversationOwner,
): NewMessage {
  return {
    direction: 'incoming',
    author: 'contact',
    content: input.content,
    clientMessageId: input.clientMessageId ?? null,
    deliveryStatus: 'received',
    kind: 'message',
    metadata: { ...(input.metadata ?? {}), ownerAtReceipt },
  };
}

/** A bot message as stored: pending until its channel has it. */
function botMessage(input: NewBotMessage): NewMessage {
  return {
    ...detailsOf(input),
    direction: 'outgoing',
    author: 'bot',
    content: input.content,
    replyToMessageId: input.replyToMessageId ?? null,
    deliveryStatus: 'pending',
  };
}

/** Postgres refused a row naming one that does not exist (an inbox deleted meanwhile). */
function isForeignKeyViolation(error: unknown): boolean {
  return error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23503';
}

function conversationCreated(
  conversation: Pick<Conversation, 'id' | 'workspaceId' | 'inboxId' | 'contactId'> & { createdAt?: Date },
): ConversationCreatedEvent {
  return {
    name: CONVERSATION_CREATED,
    workspaceId: conversation.workspaceId,
    conversationId: conversation.id,
    inboxId: conversation.inboxId,
    contactId: conversation.contactId,
    at: conversation.createdAt ?? new Date(),
  };
}

function answerFeedback(answer: Message, rating: MessageFeedback): AnswerFeedbackEvent {
  const traceId = answerMetadataOf(answer)?.traceId;
  return {
    name: ANSWER_FEEDBACK,
    workspaceId: answer.workspaceId,
    conversationId: answer.conversationId,
    messageId: answer.id,
    rating,
    traceId: typeof traceId === 'string' ? traceId : null,
    at: new Date(),
  };
}

function messageCreated(message: Message): MessageCreatedEvent {
  return {
    name: MESSAGE_CREATED,
    workspaceId: message.workspaceId,
    conversationId: message.conversationId,
    messageId: message.id,
    author: message.author,
    direction: message.direction,
    agentId: message.agentId,
    private: message.private,
    at: message.createdAt,
    message,
  };
}

/** Dialogue messages (oldest first) as the answer service's turns. */
function turnsOf(messages: Message[]): ConversationTurn[] {
  // Bot activity notices ("the agent has left") are for the customer, not turns of the dialogue.
  return messages.filter((message) => !(message.author === 'bot' && message.kind === 'activity')).map(turnOf);
}

function turnOf(message: Message): ConversationTurn {
  const turn: ConversationTurn = { role: roleOf(message.author), text: message.content };
  const documentIds = citedDocumentIds(answerMetadataOf(message)?.citations);
  return documentIds.length > 0 ? { ...turn, documentIds } : turn;
}

/** The document ids of a bot answer's stored citations (`metadata.citations`), in citation order. */
function citedDocumentIds(citations: unknown): string[] {
  if (!Array.isArray(citations)) return [];
  const ids = citations.map((citation: unknown) =>
    typeof citation === 'object' && citation !== null ? (citation as { documentId?: unknown }).documentId : undefined,
  );
  return [...new Set(ids.filter((id): id is string => typeof id === 'string'))];
}

function roleOf(author: MessageAuthor): ConversationTurn['role'] {
  switch (author) {
    case 'contact':
      return 'customer';
    case 'agent':
      return 'agent';
    case 'bot':
    case 'system':
      return 'bot';
  }
}
