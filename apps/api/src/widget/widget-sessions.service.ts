import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  VisitorTokenPayload,
  newVisitorSourceId,
  signVisitorToken,
  userSourceId,
  verifyUserHash,
  verifyVisitorToken,
} from '@switchboard/auth';
import { ConversationMessagesService } from '@switchboard/conversations';
import {
  Contact,
  ContactInbox,
  Conversation,
  ConversationOwner,
  DEFAULT_WORKSPACE_SETTINGS,
  Workspace,
  WorkspaceId,
  WorkspaceSettings,
} from '@switchboard/database';
import { CustomerTurnService } from '@switchboard/handoff';
import { DataSource } from 'typeorm';
import { WidgetSessionDto } from './dto/widget.dto';
import { WidgetConversationService } from './widget-conversation.service';
import { WidgetMessage } from './widget-message';
import { WidgetInbox, WidgetVisitor, widgetError } from './widget-request';

export interface WidgetSession {
  visitorToken: string;
  conversationId: string;
  owner: ConversationOwner;
  inbox: {
    title: string;
    color: string | null;
    greeting: string | null;
    locale: string;
    strings: Record<string, string>;
  };
  online: boolean;
  messages: WidgetMessage[];
}

// A visitor's latest conversation changes only when a session opens their first: safe to remember for a while.
const CONVERSATION_TTL_MS = 60_000;
const MAX_CACHED_VISITORS = 20_000;

/** Starts and resumes widget visitors: identity, the signed visitor token, and the conversation they are in. */
@Injectable()
export class WidgetSessionsService {
  private readonly conversations = new Map<string, { conversationId: string; expires: number }>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly messages: ConversationMessagesService,
    private readonly turns: CustomerTurnService,
    private readonly widgetConversations: WidgetConversationService,
  ) {}

  /**
   * A verified user (valid userHash) is `user:<userId>` on every device; anyone else is an anonymous visitor. A
   * stored token resumes only the same identity: an anonymous visitor who signs in becomes that user, and a token
   * of one user never resumes for another (or for nobody).
   */
  async start(inbox: WidgetInbox, dto: WidgetSessionDto): Promise<WidgetSession> {
    const userId = this.verifiedUserId(inbox, dto);
    const previous = dto.visitorToken ? this.verifyToken(inbox, dto.visitorToken) : null;
    const resumed = previous && (previous.userId ?? null) === userId ? previous : null;
    const sourceId = resumed?.sourceId ?? (userId !== null ? userSourceId(userId) : newVisitorSourceId());
    const workspaceId = inbox.workspaceId;

    const { contact } = await this.messages.findOrCreateContact(workspaceId, {
      inboxId: inbox.id,
      sourceId,
      name: dto.name ?? null,
      email: dto.email ?? null,
      externalId: userId,
    });
    await this.updateContact(workspaceId, contact, dto, userId !== null);
    const conversation =
      (await this.latestConversation(workspaceId, inbox.id, contact.id)) ??
      (await this.messages.openConversation(workspaceId, { inboxId: inbox.id, sourceId })).conversation;
    this.remember(inbox.id, sourceId, conversation.id);

    const settings = await this.workspaceSettings(workspaceId);
    const visitorToken = signVisitorToken(inbox.identitySecret, {
      workspaceId,
      inboxId: inbox.id,
      sourceId,
      ...(userId !== null ? { userId } : {}),
    });
    const visitor: WidgetVisitor = {
      workspaceId,
      inboxId: inbox.id,
      sourceId,
      userId,
      conversationId: conversation.id,
    };
    const [online, history] = await Promise.all([
      this.turns.agentsAvailable(workspaceId, settings),
      this.widgetConversations.history(visitor),
    ]);
    return {
      visitorToken,
      conversationId: conversation.id,
      owner: history.owner,
      inbox: this.look(inbox, settings.locale),
      online,
      messages: history.messages,
    };
  }

  /** How the widget looks before any session: public, so a first-time visitor's launcher is right at once. */
  async publicLook(inbox: WidgetInbox): Promise<WidgetSession['inbox']> {
    return this.look(inbox, (await this.workspaceSettings(inbox.workspaceId)).locale);
  }

  private look(inbox: WidgetInbox, workspaceLocale: string): WidgetSession['inbox'] {
    return {
      title: inbox.settings.title ?? inbox.name,
      color: inbox.settings.color,
      greeting: inbox.settings.greeting,
      locale: inbox.settings.locale ?? workspaceLocale,
      strings: inbox.settings.strings,
    };
  }

  /** The visitor a token names in this inbox, in their latest conversation; null when it does not hold. */
  async resume(inbox: WidgetInbox, token: string): Promise<WidgetVisitor | null> {
    const payload = this.verifyToken(inbox, token);
    if (!payload) return null;
    // An inbox that now requires identity no longer serves anonymous tokens issued before.
    if (inbox.settings.identityRequired && payload.userId === undefined) return null;
    const conversationId = await this.conversationOf(inbox.workspaceId, inbox.id, payload.sourceId);
    if (!conversationId) return null;
    return {
      workspaceId: inbox.workspaceId,
      inboxId: inbox.id,
      sourceId: payload.sourceId,
      userId: payload.userId ?? null,
      conversationId,
    };
  }

  private verifiedUserId(inbox: WidgetInbox, dto: WidgetSessionDto): string | null {
    const userId = dto.userId ?? null;
    const userHash = dto.userHash ?? null;
    if (userHash !== null) {
      if (userId === null || !verifyUserHash(inbox.identitySecret, userId, userHash)) {
        throw widgetError(HttpStatus.UNAUTHORIZED, 'identity_invalid', 'userHash does not match userId');
      }
      return userId;
    }
    if (inbox.settings.identityRequired) {
      throw widgetError(
        HttpStatus.UNAUTHORIZED,
        'identity_required',
        'This inbox needs a verified userId and userHash',
      );
    }
    // An unproven userId is only a hint: the visitor stays anonymous.
    return null;
  }

  private verifyToken(inbox: WidgetInbox, token: string): VisitorTokenPayload | null {
    const payload = verifyVisitorToken(inbox.identitySecret, token);
    if (!payload || payload.inboxId !== inbox.id || payload.workspaceId !== inbox.workspaceId) return null;
    return payload;
  }

  /** The host page speaks for a verified user; an anonymous visitor only fills in what is missing. */
  private async updateContact(
    workspaceId: WorkspaceId,
    contact: Contact,
    dto: WidgetSessionDto,
    verified: boolean,
  ): Promise<void> {
    const changes: Partial<Pick<Contact, 'name' | 'email'>> = {};
    if (dto.name && dto.name !== contact.name && (verified || contact.name === null)) changes.name = dto.name;
    if (dto.email && dto.email !== contact.email && (verified || contact.email === null)) changes.email = dto.email;
    if (Object.keys(changes).length > 0) {
      await this.dataSource.getRepository(Contact).update({ id: contact.id, workspaceId }, changes);
    }
  }

  private latestConversation(
    workspaceId: WorkspaceId,
    inboxId: string,
    contactId: string,
  ): Promise<Conversation | null> {
    return this.dataSource.getRepository(Conversation).findOne({
      where: { workspaceId, inboxId, contactId },
      order: { createdAt: 'DESC', id: 'DESC' },
    });
  }

  private async conversationOf(workspaceId: WorkspaceId, inboxId: string, sourceId: string): Promise<string | null> {
    const key = `${inboxId}:${sourceId}`;
    const cached = this.conversations.get(key);
    if (cached && cached.expires > Date.now()) return cached.conversationId;
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
    if (!row) return null;
    this.remember(inboxId, sourceId, row.id);
    return row.id;
  }

  private remember(inboxId: string, sourceId: string, conversationId: string): void {
    if (this.conversations.size >= MAX_CACHED_VISITORS) this.conversations.clear();
    this.conversations.set(`${inboxId}:${sourceId}`, { conversationId, expires: Date.now() + CONVERSATION_TTL_MS });
  }

  private async workspaceSettings(workspaceId: WorkspaceId): Promise<WorkspaceSettings> {
    const workspace = await this.dataSource.getRepository(Workspace).findOne({ where: { id: workspaceId } });
    return { ...DEFAULT_WORKSPACE_SETTINGS, ...(workspace?.settings ?? {}) };
  }
}
