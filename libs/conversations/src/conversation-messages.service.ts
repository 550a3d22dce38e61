import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  ActivityMetadata,
  Agent,
  Contact,
  ContactInbox,
  Conversation,
  ConversationOwner,
  DomainEvent,
  Inbox,
  Message,
  MessageAuthor,
  MessageDetails,
  MessageDirection,
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
import { DataSource, EntityManager, In } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import {
  ConversationNotFoundError,
  ConversationOwnershipService,
  OwnershipChangedEvent,
} from './conversation-ownership.service';
import { MESSAGE_CREATED, MessageCreatedEvent, OWNERSHIP_EVENT_NAMES } from './conversation.events';
import { ConversationsRepository } from './conversations.repository';
import { CustomerMessageHooksRegistry, OutgoingMessageHooksRegistry } from './message-hooks.registry';
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

type NewMessage = MessageDetails & {
  direction: MessageDirection;
  author: MessageAuthor;
  content: string;
  agentId?: string | null;
  private?: boolean;
  clientMessageId?: string | null;
  replyToMessageId?: string | null;
  deliveryStatus?: Message['deliveryStatus'];
};

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
  private readonly conversations: ConversationsRepository;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ownership: ConversationOwnershipService,
    private readonly hooks: CustomerMessageHooksRegistry,
    private readonly unitOfWork: UnitOfWork,
    private readonly outgoingHooks: OutgoingMessageHooksRegistry,
    // Present in the api and the worker (QueueModule is global there); only queued answers need it.
    // `| null` makes the emitted parameter type Object: the token must be named.
    @Optional() @Inject(OutboxService) private readonly outbox: OutboxService | null = null,
  ) {
    this.conversations = new ConversationsRepository(dataSource.getRepository(Conversation));
  }

  /** The contact behind (inboxId, sourceId), created on first contact; safe against two first messages racing. */
  async findOrCreateContact(
    workspaceId: WorkspaceId,
    input: VisitorIdentity,
  ): Promise<{ contact: Contact; contactInbox: ContactInbox }> {
    asWorkspaceId(workspaceId);
    if (!isUuid(input.inboxId)) throw new InboxNotFoundError(input.inboxId);
    const inbox = await this.dataSource.getRepository(Inbox).findOne({ where: { id: input.inboxId, workspaceId } });
    if (!inbox) throw new InboxNotFoundError(input.inboxId);
    const existing = await this.findContactInbox(this.dataSource.manager, workspaceId, input.inboxId, input.sourceId);
    if (existing) return existing;
    return this.dataSource.transaction(async (manager) => {
      const contact = await manager.getRepository(Contact).save(
        manager.getRepository(Contact).create({
          workspaceId,
          name: input.name ?? null,
          email: input.email ?? null,
          externalId: input.externalId ?? null,
          attributes: {},
        }),
      );
      const inserted = await manager
        .createQueryBuilder()
        .insert()
        .into(ContactInbox)
        .values({ workspaceId, contactId: contact.id, inboxId: input.inboxId, sourceId: input.sourceId })
        .orIgnore()
        .execute();
      if (inserted.identifiers.length === 0 || !inserted.identifiers[0]) {
        // Another request created this visitor first: keep theirs, drop ours.
        await manager.getRepository(Contact).delete({ id: contact.id, workspaceId });
      }
      const found = await this.findContactInbox(manager, workspaceId, input.inboxId, input.sourceId);
      if (!found) throw new Error(`contact inbox ${input.inboxId}/${input.sourceId} vanished`);
      return found;
    });
  }

  /** Opens a new bot-owned conversation for the visitor (inboxId, sourceId). */
  async openConversation(workspaceId: WorkspaceId, input: VisitorIdentity): Promise<OpenedConversation> {
    const { contact, contactInbox } = await this.findOrCreateContact(workspaceId, input);
    const repository = this.dataSource.getRepository(Conversation);
    const conversation = await repository.save(
      repository.create({ workspaceId, inboxId: input.inboxId, contactId: contact.id, owner: 'bot', assigneeId: null }),
    );
    return { contact, contactInbox, conversation };
  }

  async getConversation(workspaceId: WorkspaceId, conversationId: string): Promise<Conversation> {
    asWorkspaceId(workspaceId);
    const conversation = isUuid(conversationId)
      ? await this.dataSource.getRepository(Conversation).findOne({ where: { id: conversationId, workspaceId } })
      : null;
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
    },
  ): Promise<ReceivedMessage> {
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
      const message = await this.insert(work, conversationId, {
        direction: 'incoming',
        author: 'contact',
        content: input.content,
        clientMessageId: input.clientMessageId ?? null,
        deliveryStatus: 'received',
        kind: 'message',
        metadata: { ...(input.metadata ?? {}), ownerAtReceipt: ownerBefore },
      });
      if (!message) {
        // A retry of a message already stored (same clientMessageId): nothing is written or raised again.
        const retried = await this.findRetry(manager, workspaceId, conversationId, input.clientMessageId);
        if (!retried) throw new Error(`conversation ${conversationId}: a message collided, but no retry is stored`);
        return { message: retried, duplicate: true, botMayAnswer: false };
      }
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
   * Stores a bot message. An answer (the default) is refused, returning null, when the bot no longer owns the
   * conversation: an agent who claimed it while the answer was being written is never talked over. A notice
   * (the handoff or offline message) is always stored. Given a unit of work it joins it: message.created goes out
   * when that unit commits.
   */
  addBotMessage(workspaceId: WorkspaceId, conversationId: string, input: NewBotMessage): Promise<Message | null> {
    return this.unitOfWork.run(
      workspaceId,
      async (work): Promise<Message | null> => {
        const conversation = await this.lockConversation(work.manager, workspaceId, conversationId);
        if (!input.notice && !botMayAnswer(conversation.owner)) return null;
        return this.append(work, conversationId, {
          ...detailsOf(input),
          direction: 'outgoing',
          author: 'bot',
          content: input.content,
          replyToMessageId: input.replyToMessageId ?? null,
          deliveryStatus: 'pending',
        });
      },
      input.work,
    );
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
      const agent = isUuid(agentId)
        ? await manager.getRepository(Agent).findOne({ where: { id: agentId, workspaceId } })
        : null;
      if (!agent) throw new AgentNotFoundError(agentId);
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
    if (!isUuid(messageId)) return;
    await this.dataSource
      .getRepository(Message)
      .update(
        { id: messageId, workspaceId, private: false, direction: 'outgoing', deliveryStatus: 'pending' },
        { deliveryStatus: 'sent' },
      );
  }

  /** The transcript in order; internal notes only when the reader is an agent. */
  async history(
    workspaceId: WorkspaceId,
    conversationId: string,
    options: { includePrivate: boolean; limit?: number },
  ): Promise<Message[]> {
    await this.getConversation(workspaceId, conversationId);
    const rows = await this.dataSource.getRepository(Message).find({
      where: {
        workspaceId,
        conversationId,
        ...(options.includePrivate ? {} : { private: false }),
      },
      order: { createdAt: 'DESC', id: 'DESC' },
      take: options.limit ?? 500,
    });
    return rows.reverse();
  }

  /** The last turns for the answer service, oldest first: the agent's turns included, notes and activity left out. */
  async recentTurns(
    workspaceId: WorkspaceId,
    conversationId: string,
    options: { limit?: number; manager?: EntityManager } = {},
  ): Promise<ConversationTurn[]> {
    asWorkspaceId(workspaceId);
    const manager = options.manager ?? this.dataSource.manager;
    const rows = await manager.getRepository(Message).find({
      where: { workspaceId, conversationId, private: false, author: In(['contact', 'bot', 'agent']) },
      order: { createdAt: 'DESC', id: 'DESC' },
      take: options.limit ?? DEFAULT_TURNS,
    });
    // Bot activity notices ("the agent has left") are for the customer, not turns of the dialogue.
    return rows
      .reverse()
      .filter((message) => !(message.author === 'bot' && message.kind === 'activity'))
      .map((message) => turnOf(message));
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
    const inserted = await manager
      .createQueryBuilder()
      .insert()
      .into(Message)
      .values({
        workspaceId,
        conversationId,
        direction: values.direction,
        author: values.author,
        agentId: values.agentId ?? null,
        content: values.content,
        private: values.private ?? false,
        deliveryStatus: values.deliveryStatus ?? 'received',
        clientMessageId: values.clientMessageId ?? null,
        kind: values.kind,
        replyToMessageId: values.replyToMessageId ?? null,
        metadata: values.metadata as QueryDeepPartialEntity<Message['metadata']>,
        // Real time, not the transaction's start: several messages of one transaction stay in order.
        createdAt: () => 'clock_timestamp()',
      })
      .orIgnore()
      .returning('*')
      .execute();
    const row = (inserted.raw as Array<Record<string, unknown>>)[0];
    if (!row) return null;
    const message = manager.getRepository(Message).create(row as Partial<Message>);
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
    return manager.getRepository(Message).findOne({ where: { workspaceId, conversationId, clientMessageId } });
  }

  private async findContactInbox(
    manager: EntityManager,
    workspaceId: WorkspaceId,
    inboxId: string,
    sourceId: string,
  ): Promise<{ contact: Contact; contactInbox: ContactInbox } | null> {
    const contactInbox = await manager
      .getRepository(ContactInbox)
      .findOne({ where: { workspaceId, inboxId, sourceId } });
    if (!contactInbox) return null;
    const contact = await manager
      .getRepository(Contact)
      .findOne({ where: { id: contactInbox.contactId, workspaceId } });
    if (!contact) return null;
    return { contact, contactInbox };
  }

  /** One message of the workspace, or null; with `conversationId`, only one of that conversation. */
  async findMessage(
    workspaceId: WorkspaceId,
    messageId: string,
    scope: { conversationId?: string; includePrivate: boolean },
  ): Promise<Message | null> {
    asWorkspaceId(workspaceId);
    if (!isUuid(messageId) || (scope.conversationId !== undefined && !isUuid(scope.conversationId))) return null;
    return this.dataSource.getRepository(Message).findOne({
      where: {
        id: messageId,
        workspaceId,
        ...(scope.conversationId !== undefined ? { conversationId: scope.conversationId } : {}),
        ...(scope.includePrivate ? {} : { private: false }),
      },
    });
  }

  /** The id of the visitor's (inboxId, sourceId) latest conversation, or null when they have none. */
  async latestConversationId(workspaceId: WorkspaceId, inboxId: string, sourceId: string): Promise<string | null> {
    asWorkspaceId(workspaceId);
    const row = await this.dataSource
      .getRepository(Conversation)
      .createQueryBuilder('c')
      .select('c.id', 'id')
      .innerJoin(
        ContactInbox,
        'ci',
        'ci.contactId = c.contactId AND ci.inboxId = c.inboxId AND ci.workspaceId = c.workspaceId',
      )
      .where('c.workspaceId = :workspaceId AND c.inboxId = :inboxId AND ci.sourceId = :sourceId', {
        workspaceId,
        inboxId,
        sourceId,
      })
      .orderBy('c.createdAt', 'DESC')
      .addOrderBy('c.id', 'DESC')
      .limit(1)
      .getRawOne<{ id: string }>();
    return row?.id ?? null;
  }

  /** Changes the contact's name or e-mail (nothing else of theirs). */
  async updateContact(
    workspaceId: WorkspaceId,
    contactId: string,
    changes: Partial<Pick<Contact, 'name' | 'email'>>,
  ): Promise<void> {
    asWorkspaceId(workspaceId);
    await this.dataSource.getRepository(Contact).update({ id: contactId, workspaceId }, changes);
  }

  /** These conversations of the workspace with their inbox and contact, in one query; unknown ids are left out. */
  async conversationsWithParties(
    workspaceId: WorkspaceId,
    conversationIds: readonly string[],
  ): Promise<Conversation[]> {
    asWorkspaceId(workspaceId);
    const ids = [...new Set(conversationIds.filter(isUuid))];
    if (ids.length === 0) return [];
    return this.dataSource.getRepository(Conversation).find({
      where: { workspaceId, id: In(ids) },
      relations: { inbox: true, contact: true },
    });
  }

  /**
   * The latest message of each of these conversations that the customer could see (activity lines and notes left
   * out), by conversation id, in one query.
   */
  async lastVisibleMessages(
    workspaceId: WorkspaceId,
    conversationIds: readonly string[],
  ): Promise<Map<string, Pick<Message, 'content' | 'author' | 'createdAt'>>> {
    const rows: Array<Pick<Message, 'conversationId' | 'content' | 'author' | 'createdAt'>> =
      await this.dataSource.query(
        // One index probe per conversation (conversationId, createdAt), however long its transcript.
        `SELECT c.id AS "conversationId", m.content, m.author, m."createdAt"
         FROM unnest($2::uuid[]) AS c(id)
         CROSS JOIN LATERAL (
           SELECT content, author, "createdAt" FROM messages
            WHERE "conversationId" = c.id AND "workspaceId" = $1 AND direction <> 'activity' AND NOT private
            ORDER BY "createdAt" DESC, id DESC
            LIMIT 1
         ) m`,
        [asWorkspaceId(workspaceId), [...new Set(conversationIds.filter(isUuid))]],
      );
    return new Map(rows.map(({ conversationId, ...last }) => [conversationId, last]));
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
